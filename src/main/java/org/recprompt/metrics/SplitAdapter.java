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
     * users with at least one training interaction.
     */
    public static Popularity popularity(Split split) {
        var train = split.train();
        int items = train.items().size();
        int[] users = new int[items];
        BitSet active = new BitSet(train.users().size());
        for (int u = 0; u < train.users().size(); u++) {
            int[] rows = train.rowsOf(u);
            if (rows.length == 0) {
                continue;
            }
            active.set(u);
            BitSet seen = new BitSet(items);
            for (int row : rows) {
                int item = train.interactions().item(row);
                if (!seen.get(item)) {
                    seen.set(item);
                    users[item]++;
                }
            }
        }
        return new Popularity(users, split.trainItemCounts(), Math.max(1, active.cardinality()));
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
        int[] train = Arrays.stream(split.history(user)).distinct().toArray();
        return new EvalUser(user, raw, train, Arrays.copyOf(test, n),
                Arrays.copyOf(testRatings, n));
    }

    /** One user's normalised list (cut to k) with the split's held-out items and training history. */
    public static UserRecs recs(Split split, int user, int[] rawList, int k) {
        int catalog = split.dataset().items().size();
        return new UserRecs(user, RankedList.of(rawList, catalog).top(k), split.heldOut(user), split.history(user));
    }
}
