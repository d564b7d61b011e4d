package org.recprompt.metrics;

import java.util.Arrays;
import java.util.BitSet;

/**
 * L_u of METRICS.md: a grounded ranked list, catalog items only, in rank order, each item once.
 * {@link #of(int[], int)} is the one normalisation step every metric relies on: it drops ids that
 * are negative or not below the catalog size (hallucinated or ungrounded slots) and every repeat of
 * an earlier item; the remaining items keep their relative order, so ranks close up (an item after
 * a dropped slot moves up one rank). Metrics take only normalised lists.
 * <p>
 * A raw list may also hold {@link #GAP}: a position with no item at all (an external list whose
 * ranks skip a number, e.g. 1, 2, 5). A gap keeps its position, so the items after it keep their
 * ranks; it is never an item (never relevant, never counted by coverage or popularity).
 * {@link #size()} counts items, {@link #itemAt(int)} is the n-th item and {@link #rankAt(int)} its
 * rank, which is n itself unless the list has gaps.
 */
public final class RankedList {

    /** In a raw list: a position that holds no item (a rank missing from the list); kept, never closed up. */
    public static final int GAP = Integer.MIN_VALUE;

    private static final RankedList EMPTY = new RankedList(new int[0], null);

    private final int[] items;
    /** The rank of each item, or null when the ranks are 1..size (no gap). */
    private final int[] ranks;

    private RankedList(int[] items, int[] ranks) {
        this.items = items;
        this.ranks = ranks;
    }

    /** Normalises a raw ranked list of item ids against a catalog of {@code catalogSize} items (ids 0..n-1). */
    public static RankedList of(int[] raw, int catalogSize) {
        if (raw == null || raw.length == 0) {
            return EMPTY;
        }
        int[] out = new int[raw.length];
        int[] ranks = new int[raw.length];
        BitSet seen = new BitSet(Math.min(catalogSize, 1 << 16));
        int n = 0;
        int position = 0;
        boolean gaps = false;
        for (int item : raw) {
            if (item == GAP) {
                position++;
                gaps = true;
            } else if (item >= 0 && item < catalogSize && !seen.get(item)) {
                seen.set(item);
                position++;
                ranks[n] = position;
                out[n++] = item;
            }
        }
        if (n == 0) {
            return EMPTY;
        }
        return new RankedList(Arrays.copyOf(out, n), gaps && ranks[n - 1] != n ? Arrays.copyOf(ranks, n) : null);
    }

    public static RankedList empty() {
        return EMPTY;
    }

    /** The items at ranks 1..k (all of them when the list is shorter). */
    public RankedList top(int k) {
        int n = 0;
        while (n < items.length && rankAt(n + 1) <= k) {
            n++;
        }
        if (n == items.length) {
            return this;
        }
        return new RankedList(Arrays.copyOf(items, n), ranks != null && n > 0 && ranks[n - 1] != n ? Arrays.copyOf(ranks, n) : null);
    }

    /** The number of items (gaps are not items). */
    public int size() {
        return items.length;
    }

    public boolean isEmpty() {
        return items.length == 0;
    }

    /** Whether some rank before the last item holds no item. */
    public boolean hasGaps() {
        return ranks != null;
    }

    /** The n-th item (n from 1) in rank order; without gaps, the item at rank n. */
    public int itemAt(int n) {
        return items[n - 1];
    }

    /** The 1-based rank of the n-th item: n itself unless a gap comes before it. */
    public int rankAt(int n) {
        return ranks == null ? n : ranks[n - 1];
    }

    /** The items in rank order (a copy). */
    public int[] items() {
        return items.clone();
    }

    /** The 1-based rank of the item, or 0 when it is not in the list. */
    public int rankOf(int item) {
        for (int k = 0; k < items.length; k++) {
            if (items[k] == item) {
                return rankAt(k + 1);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankedList other && Arrays.equals(items, other.items) && Arrays.equals(ranks, other.ranks);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(items) + Arrays.hashCode(ranks);
    }

    @Override
    public String toString() {
        return ranks == null ? Arrays.toString(items) : Arrays.toString(items) + " at ranks " + Arrays.toString(ranks);
    }
}
