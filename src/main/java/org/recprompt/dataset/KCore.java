package org.recprompt.dataset;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The k-core of a dataset: interactions are removed until every remaining user and item has at
 * least k of them (repeatedly, since removing a user can push an item below k). Users and items
 * left without interactions are dropped from the user table and the catalog, as RecBole's
 * {@code user_inter_num_interval}/{@code item_inter_num_interval} filters do.
 */
public final class KCore {

    private KCore() {
    }

    public static Dataset filter(Dataset d, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        Interactions in = d.interactions();
        BitSet keep = new BitSet(in.size());
        keep.set(0, in.size());
        boolean changed = true;
        while (changed) {
            int[] perUser = new int[d.users().size()];
            int[] perItem = new int[d.items().size()];
            for (int row = keep.nextSetBit(0); row >= 0; row = keep.nextSetBit(row + 1)) {
                perUser[in.user(row)]++;
                perItem[in.item(row)]++;
            }
            changed = false;
            for (int row = keep.nextSetBit(0); row >= 0; row = keep.nextSetBit(row + 1)) {
                if (perUser[in.user(row)] < k || perItem[in.item(row)] < k) {
                    keep.clear(row);
                    changed = true;
                }
            }
        }
        return compact(d, keep, d.name() + " (" + k + "-core)");
    }

    /** The dataset with only the kept rows, and only the users and items those rows name. */
    static Dataset compact(Dataset d, BitSet keep, String name) {
        Interactions in = d.interactions();
        boolean[] usedUser = new boolean[d.users().size()];
        boolean[] usedItem = new boolean[d.items().size()];
        for (int row = keep.nextSetBit(0); row >= 0; row = keep.nextSetBit(row + 1)) {
            usedUser[in.user(row)] = true;
            usedItem[in.item(row)] = true;
        }
        int[] userMap = remap(usedUser);
        int[] itemMap = remap(usedItem);
        Dataset rows = d.withRows(keep, name);
        Interactions r = rows.interactions();
        int[] users = r.users().clone();
        int[] items = r.items().clone();
        for (int k = 0; k < users.length; k++) {
            users[k] = userMap[users[k]];
            items[k] = itemMap[items[k]];
        }
        Items oldItems = d.items();
        IdIndex itemIds = new IdIndex();
        int itemCount = count(usedItem);
        String[] titles = new String[itemCount];
        int[] years = new int[itemCount];
        int[][] genres = new int[itemCount][];
        String[] images = oldItems.images() == null ? null : new String[itemCount];
        for (int i = 0; i < usedItem.length; i++) {
            if (usedItem[i]) {
                int j = itemIds.add(oldItems.id(i));
                titles[j] = oldItems.title(i);
                years[j] = oldItems.year(i);
                genres[j] = oldItems.genres()[i];
                if (images != null) {
                    images[j] = oldItems.image(i);
                }
            }
        }
        IdIndex userIds = new IdIndex();
        for (int u = 0; u < usedUser.length; u++) {
            if (usedUser[u]) {
                userIds.add(d.users().id(u));
            }
        }
        Items newItems = new Items(itemIds, titles, years, genres, oldItems.genreNames(),
                select(oldItems.attributes(), usedItem, itemCount), images);
        Users newUsers = new Users(userIds, select(d.users().attributes(), usedUser, userIds.size()));
        return d.derived(name, newItems, newUsers, new Interactions(users, items, r.ratings(), r.timestamps()));
    }

    private static int[] remap(boolean[] used) {
        int[] map = new int[used.length];
        Arrays.fill(map, -1);
        int next = 0;
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                map[i] = next++;
            }
        }
        return map;
    }

    private static int count(boolean[] used) {
        int n = 0;
        for (boolean b : used) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, String[]> select(Map<String, String[]> columns, boolean[] used, int size) {
        Map<String, String[]> out = new HashMap<>();
        columns.forEach((name, values) -> {
            String[] column = new String[size];
            int j = 0;
            for (int i = 0; i < used.length; i++) {
                if (used[i]) {
                    column[j++] = i < values.length ? values[i] : null;
                }
            }
            out.put(name, column);
        });
        return Map.copyOf(out);
    }
}
