package org.recprompt.metrics;

import java.util.Arrays;
import java.util.BitSet;

/**
 * L_u of METRICS.md: a grounded ranked list, catalog items only, in rank order, each item once.
 * {@link #of(int[], int)} is the one normalisation step every metric relies on: it drops ids that
 * are negative or not below the catalog size (hallucinated or ungrounded slots) and every repeat of
 * an earlier item; the remaining items keep their relative order, so ranks close up (an item after
 * a dropped slot moves up one rank). Metrics take only normalised lists.
 */
public final class RankedList {

    private static final RankedList EMPTY = new RankedList(new int[0]);

    private final int[] items;

    private RankedList(int[] items) {
        this.items = items;
    }

    /** Normalises a raw ranked list of item ids against a catalog of {@code catalogSize} items (ids 0..n-1). */
    public static RankedList of(int[] raw, int catalogSize) {
        if (raw == null || raw.length == 0) {
            return EMPTY;
        }
        int[] out = new int[raw.length];
        BitSet seen = new BitSet(Math.min(catalogSize, 1 << 16));
        int n = 0;
        for (int item : raw) {
            if (item >= 0 && item < catalogSize && !seen.get(item)) {
                seen.set(item);
                out[n++] = item;
            }
        }
        return n == 0 ? EMPTY : new RankedList(Arrays.copyOf(out, n));
    }

    public static RankedList empty() {
        return EMPTY;
    }

    /** The first k items (all of them when the list is shorter). */
    public RankedList top(int k) {
        return k >= items.length ? this : new RankedList(Arrays.copyOf(items, Math.max(0, k)));
    }

    public int size() {
        return items.length;
    }

    public boolean isEmpty() {
        return items.length == 0;
    }

    /** The item at 1-based rank r. */
    public int itemAt(int rank) {
        return items[rank - 1];
    }

    /** The items in rank order (a copy). */
    public int[] items() {
        return items.clone();
    }

    /** The 1-based rank of the item, or 0 when it is not in the list. */
    public int rankOf(int item) {
        for (int k = 0; k < items.length; k++) {
            if (items[k] == item) {
                return k + 1;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankedList other && Arrays.equals(items, other.items);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return Arrays.toString(items);
    }
}
