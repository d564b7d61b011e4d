package org.recprompt.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.recprompt.dataset.Items;
import org.recprompt.dataset.split.Split;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.Popularity;
import org.recprompt.metrics.protocol.EvalInput;
import org.recprompt.metrics.protocol.EvalUser;
import org.recprompt.metrics.protocol.Relevance;

/**
 * Thin adapters from the dataset model (plain Java, no framework) to the plain inputs the metrics
 * take. Nothing else in this package knows about datasets.
 */
public final class SplitAdapter {

    private SplitAdapter() {
    }

    /**
     * pop(i) = distinct training users of item i, training interactions of item i, and |U_train| =
     * users with at least one training interaction. A predefined split's validation rows are not
     * training here: they are history, but Elliot and RecBole count popularity from the training file.
     */
    public static Popularity popularity(Split split) {
        var d = split.dataset();
        int items = d.items().size();
        int[] users = new int[items];
        int[] interactions = new int[items];
        int active = 0;
        for (int u = 0; u < d.users().size(); u++) {
            BitSet seen = new BitSet(items);
            boolean trained = false;
            for (int row : d.rowsOf(u)) {
                if (split.isTest(row) || split.isValidation(row)) {
                    continue;
                }
                trained = true;
                int item = d.interactions().item(row);
                interactions[item]++;
                if (!seen.get(item)) {
                    seen.set(item);
                    users[item]++;
                }
            }
            active += trained ? 1 : 0;
        }
        return new Popularity(users, interactions, Math.max(1, active));
    }

    public static Genres genres(Items items) {
        return new Genres(items.genres(), items.genreNames().size());
    }

    /**
     * The input of an evaluation convention: every user of {@code lists} (raw lists by user index, in
     * their order), then every other user with held-out items (without a list), each with distinct
     * training and test items (first occurrence kept, with its rating).
     */
    public static EvalInput evalInput(Split split, Map<Integer, int[]> lists,
            Relevance relevance) {
        var d = split.dataset();
        List<EvalUser> users = new ArrayList<>();
        for (var e : lists.entrySet()) {
            users.add(evalUser(split, e.getKey(), e.getValue()));
        }
        for (int u = 0; u < d.users().size(); u++) {
            if (!lists.containsKey(u) && split.heldOut(u).length > 0) {
                users.add(evalUser(split, u, null));
            }
        }
        return new EvalInput(d.items().size(), popularity(split), genres(d.items()), users,
                relevance);
    }

    private static EvalUser evalUser(Split split, int user, int[] raw) {
        int[] held = split.heldOut(user);
        double[] ratings = split.heldOutRatings(user);
        BitSet seen = new BitSet();
        int[] test = new int[held.length];
        double[] testRatings = new double[held.length];
        int n = 0;
        for (int k = 0; k < held.length; k++) {
            if (!seen.get(held[k])) {
                seen.set(held[k]);
                test[n] = held[k];
                testRatings[n++] = ratings[k];
            }
        }
        int[] validation = Arrays.stream(split.validationItems(user)).distinct().toArray();
        int[] train = Arrays.stream(split.history(user)).distinct().toArray();
        if (validation.length > 0) {
            // history holds both files; training is what the training file alone holds
            BitSet fromTrain = new BitSet();
            int[] rows = split.dataset().rowsOf(user);
            for (int row : rows) {
                if (!split.isTest(row) && !split.isValidation(row)) {
                    fromTrain.set(split.dataset().interactions().item(row));
                }
            }
            train = Arrays.stream(train).filter(fromTrain::get).toArray();
        }
        return new EvalUser(user, raw, train, Arrays.copyOf(test, n), Arrays.copyOf(testRatings, n), validation);
    }

    /** One user's normalised list (cut to k) with the split's held-out items and training history. */
    public static UserRecs recs(Split split, int user, int[] rawList, int k) {
        int catalog = split.dataset().items().size();
        return new UserRecs(user, RankedList.of(rawList, catalog).top(k), split.heldOut(user), split.history(user));
    }
}
