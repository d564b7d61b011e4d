package org.recprompt.metrics;

/** Set operations on sorted, duplicate-free int arrays (genre sets, top-K item sets). */
public final class SortedSets {

    private SortedSets() {
    }

    /** |A ∩ B| by a merge walk. */
    public static int intersection(int[] a, int[] b) {
        int common = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return common;
    }

    /** Jaccard similarity |A ∩ B| / |A ∪ B|; two empty sets count as identical (1). */
    public static double jaccard(int[] a, int[] b) {
        if (a.length == 0 && b.length == 0) {
            return 1.0;
        }
        int common = intersection(a, b);
        return common / (double) (a.length + b.length - common);
    }
}
