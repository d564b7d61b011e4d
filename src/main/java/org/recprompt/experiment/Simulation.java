package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Seeds;
import org.recprompt.dataset.split.Split;
import org.recprompt.experiment.ExperimentSpec.SimulationSpec;

/**
 * The state of an echo-chamber simulation (docs/EXPERIMENTS.md, "Simulation"): for every variant
 * and user, the items the user accepted in each finished round. Round r of a variant is asked with
 * the history H_r = the training history followed by the items accepted in rounds 0..r-1 (oldest
 * first); the model behind a backend is never refitted, only the user's history grows.
 *
 * <p>The choice models, applied to the listed items that are new to H_r and, under the candidate
 * protocol, among the candidates shown (slot outcome HIT or VALID), within the first K slots:
 * <ul>
 * <li>{@code top-1}: the first such item;
 * <li>{@code liked}: every such item the user rated at least {@code likedThreshold} in the
 * held-out data (none where the held-out data has no rating: implicit feedback);
 * <li>{@code by-rank}: one such item, drawn with probability proportional to 1/log2(rank + 1) (the
 * rank in the list as answered), from a stream seeded by the simulation's seed, the round and the
 * user (the same for every variant: common random numbers).
 * </ul>
 * Accepting is done between rounds by one thread; rounds read it afterwards.
 */
final class Simulation {

    private final SimulationSpec spec;
    private final Split split;
    private final int k;
    private final Map<String, Map<Integer, List<int[]>>> accepted = new ConcurrentHashMap<>();
    private final Map<Integer, Map<Integer, Float>> heldOutRatings = new ConcurrentHashMap<>();
    private final boolean heldOutRated;

    Simulation(SimulationSpec spec, Split split, int k) {
        this.spec = spec;
        this.split = split;
        this.k = k;
        this.heldOutRated = anyHeldOutRating(split);
    }

    SimulationSpec spec() {
        return spec;
    }

    /** Whether the held-out data has ratings at all (the "liked" model accepts nothing without them). */
    boolean heldOutRated() {
        return heldOutRated;
    }

    /** The items accepted before round {@code round} (rounds 0..round-1), in the order accepted. */
    int[] acceptedBefore(String variant, int user, int round) {
        List<int[]> rounds = accepted.getOrDefault(variant, Map.of()).get(user);
        if (rounds == null || round == 0) {
            return new int[0];
        }
        synchronized (rounds) {
            return rounds.stream().limit(round).flatMapToInt(Arrays::stream).toArray();
        }
    }

    /** The items accepted in one round (empty when none, or the round is not done). */
    int[] acceptedIn(String variant, int user, int round) {
        List<int[]> rounds = accepted.getOrDefault(variant, Map.of()).get(user);
        if (rounds == null) {
            return new int[0];
        }
        synchronized (rounds) {
            return round >= rounds.size() ? new int[0] : rounds.get(round).clone();
        }
    }

    /** H_r: the training history followed by the items accepted before round r. */
    int[] history(String variant, int user, int round) {
        int[] training = split.history(user);
        int[] extra = acceptedBefore(variant, user, round);
        int[] out = Arrays.copyOf(training, training.length + extra.length);
        System.arraycopy(extra, 0, out, training.length, extra.length);
        return out;
    }

    /** The held-out rating of an accepted item (NaN when it is not a held-out item or has no rating). */
    float rating(int user, int item) {
        Float r = ratings(user).get(item);
        return r == null ? Float.NaN : r;
    }

    /**
     * Records what the user accepted in {@code round} of {@code variant} from the answer's slots
     * (item indices in answer order, -1 for none, with their outcomes). Rounds are recorded in order.
     */
    void accept(String variant, int user, String userId, int round, int[] items, String[] outcomes) {
        int[] chosen = choose(user, userId, round, items, outcomes);
        List<int[]> rounds = accepted.computeIfAbsent(variant, v -> new ConcurrentHashMap<>())
                .computeIfAbsent(user, u -> new ArrayList<>());
        synchronized (rounds) {
            while (rounds.size() < round) {
                rounds.add(new int[0]);
            }
            if (rounds.size() == round) {
                rounds.add(chosen);
            } else {
                rounds.set(round, chosen);
            }
        }
    }

    /** The choice model applied to one answer. */
    int[] choose(int user, String userId, int round, int[] items, String[] outcomes) {
        List<int[]> eligible = new ArrayList<>(); // {item, rank}
        Set<Integer> seen = new HashSet<>();
        for (int s = 0; s < Math.min(k, items.length); s++) {
            boolean ok = items[s] >= 0 && ("HIT".equals(outcomes[s]) || "VALID".equals(outcomes[s])) && seen.add(items[s]);
            if (ok) {
                eligible.add(new int[] {items[s], s + 1});
            }
        }
        if (eligible.isEmpty()) {
            return new int[0];
        }
        return switch (spec.accept()) {
            case "liked" -> eligible.stream().mapToInt(e -> e[0])
                    .filter(i -> !Float.isNaN(rating(user, i)) && rating(user, i) >= spec.likedThreshold()).toArray();
            case "by-rank" -> new int[] {byRank(eligible, userId, round)};
            default -> new int[] {eligible.get(0)[0]};
        };
    }

    /** One item drawn with probability proportional to 1/log2(rank + 1). */
    private int byRank(List<int[]> eligible, String userId, int round) {
        double[] w = new double[eligible.size()];
        double total = 0;
        for (int e = 0; e < w.length; e++) {
            w[e] = 1 / (Math.log(eligible.get(e)[1] + 1) / Math.log(2));
            total += w[e];
        }
        Random random = Seeds.forKey(Seeds.mix(spec.seed(), "accept-" + round), userId);
        double x = random.nextDouble() * total;
        for (int e = 0; e < w.length; e++) {
            x -= w[e];
            if (x < 0) {
                return eligible.get(e)[0];
            }
        }
        return eligible.get(w.length - 1)[0];
    }

    private Map<Integer, Float> ratings(int user) {
        return heldOutRatings.computeIfAbsent(user, u -> {
            Dataset d = split.dataset();
            Map<Integer, Float> m = new HashMap<>();
            for (int row : d.rowsOf(u)) {
                if (split.isTest(row)) {
                    m.put(d.interactions().item(row), d.interactions().rating(row));
                }
            }
            return m;
        });
    }

    private static boolean anyHeldOutRating(Split split) {
        Dataset d = split.dataset();
        for (int u = 0; u < d.users().size(); u++) {
            for (int row : d.rowsOf(u)) {
                if (split.isTest(row) && !Float.isNaN(d.interactions().rating(row))) {
                    return true;
                }
            }
        }
        return false;
    }
}
