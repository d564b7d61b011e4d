package org.recprompt.metrics;

import java.util.BitSet;

import org.recprompt.dataset.Items;
import org.recprompt.dataset.split.Split;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.Popularity;

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

    /** One user's normalised list (cut to k) with the split's held-out items and training history. */
    public static UserRecs recs(Split split, int user, int[] rawList, int k) {
        int catalog = split.dataset().items().size();
        return new UserRecs(user, RankedList.of(rawList, catalog).top(k), split.heldOut(user), split.history(user));
    }
}
