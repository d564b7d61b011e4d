package org.recprompt.prompt.fewshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Seeds;
import org.recprompt.dataset.split.Split;

/**
 * Draws few-shot examples from other users' training data only: an example user's history is
 * their training history without its last item, and that last item is the answer, so nothing
 * held out ever appears. Strategies: random users; users whose history's genre mix is most like
 * the evaluated user's (cosine); and, for choice tasks, examples whose correct letter is balanced
 * over the positions. Every set passes the {@link LeakageCheck}.
 */
public final class FewShotSampler {

    /** How examples are chosen. */
    public enum Strategy { RANDOM, SIMILAR_GENRES, BALANCED }

    private final Split split;
    private final Strategy strategy;
    private final long seed;
    private final int choices;

    public FewShotSampler(Split split, Strategy strategy, long seed, int choices) {
        this.split = split;
        this.strategy = strategy;
        this.seed = seed;
        this.choices = choices;
    }

    public static FewShotSampler random(Split split, long seed) {
        return new FewShotSampler(split, Strategy.RANDOM, seed, 0);
    }

    /**
     * n examples for no particular user, to keep in a project: every use for an evaluated user
     * passes the {@link LeakageCheck} first.
     */
    public FewShotSet sampleForProject(int n) {
        Dataset d = split.dataset();
        int[] pool = java.util.stream.IntStream.range(0, d.users().size())
                .filter(u -> split.history(u).length >= 2).toArray();
        Seeds.shuffle(pool, new Random(seed));
        List<FewShotExample> examples = new ArrayList<>();
        for (int k = 0; k < pool.length && examples.size() < n; k++) {
            FewShotExample e = example(pool[k], examples.size(), new int[0]);
            if (e != null) {
                examples.add(e);
            }
        }
        return new FewShotSet(strategy.name().toLowerCase() + "-" + n, strategy.name().toLowerCase(), seed, examples);
    }

    /** n examples for the evaluated user (never from that user). */
    public FewShotSet sample(int evaluatedUser, int n) {
        Dataset d = split.dataset();
        int[] pool = java.util.stream.IntStream.range(0, d.users().size())
                .filter(u -> u != evaluatedUser && split.history(u).length >= 2)
                .toArray();
        Random random = Seeds.forKey(seed, d.users().id(evaluatedUser));
        int[] order = pool.clone();
        Seeds.shuffle(order, random);
        if (strategy == Strategy.SIMILAR_GENRES) {
            double[] target = genreProfile(evaluatedUser);
            Integer[] boxed = Arrays.stream(order).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, Comparator.comparingDouble(u -> -cosine(target, genreProfile(u))));
            order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        }
        int[] heldOut = split.heldOut(evaluatedUser);
        List<FewShotExample> examples = new ArrayList<>();
        for (int k = 0; k < order.length && examples.size() < n; k++) {
            FewShotExample e = example(order[k], examples.size(), heldOut);
            if (e != null) {
                examples.add(e);
            }
        }
        FewShotSet set = new FewShotSet(strategy.name().toLowerCase() + "-" + n, strategy.name().toLowerCase(), seed, examples);
        LeakageCheck.check(set, split, evaluatedUser);
        return set;
    }

    private FewShotExample example(int u, int position, int[] evaluatedHeldOut) {
        Dataset d = split.dataset();
        int[] history = split.history(u);
        int answer = history[history.length - 1];
        int[] shown = Arrays.copyOf(history, history.length - 1);
        for (int item : evaluatedHeldOut) {
            if (item == answer || Arrays.stream(shown).anyMatch(i -> i == item)) {
                return null;
            }
        }
        List<String> candidates = List.of();
        if (choices > 1) {
            int[] negatives = negatives(u, answer, choices - 1, evaluatedHeldOut);
            if (negatives == null) {
                return null;
            }
            List<String> c = new ArrayList<>();
            Arrays.stream(negatives).forEach(i -> c.add(d.items().id(i)));
            int at = strategy == Strategy.BALANCED ? position % choices
                    : Seeds.forKey(seed, d.users().id(u)).nextInt(choices);
            c.add(at, d.items().id(answer));
            candidates = c;
        }
        return new FewShotExample(d.users().id(u), Arrays.stream(shown).mapToObj(d.items()::id).toList(), candidates,
                List.of(d.items().id(answer)), null);
    }

    /** Items the example user never saw and the evaluated user has not held out. */
    private int[] negatives(int u, int answer, int n, int[] evaluatedHeldOut) {
        Dataset d = split.dataset();
        java.util.BitSet excluded = new java.util.BitSet();
        for (int i : split.allItems(u)) {
            excluded.set(i);
        }
        for (int i : evaluatedHeldOut) {
            excluded.set(i);
        }
        excluded.set(answer);
        Random random = Seeds.forKey(seed ^ 0x51L, d.users().id(u));
        int[] out = new int[n];
        int found = 0;
        for (int attempt = 0; attempt < 100 * n && found < n; attempt++) {
            int i = random.nextInt(d.items().size());
            if (!excluded.get(i)) {
                excluded.set(i);
                out[found++] = i;
            }
        }
        return found == n ? out : null;
    }

    private double[] genreProfile(int u) {
        Dataset d = split.dataset();
        double[] p = new double[Math.max(1, d.items().genreNames().size())];
        for (int item : split.history(u)) {
            int[] g = d.items().genres()[item];
            for (int k : g) {
                p[k] += 1.0 / g.length;
            }
        }
        return p;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

}
