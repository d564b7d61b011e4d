package org.recprompt.metrics.popularity;

import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * Elliot's head/tail split (Anelli et al. 2021, Elliot: a comprehensive and rigorous framework for
 * reproducible recommender systems evaluation; METRICS.md "Long tail"): items sorted by training
 * interactions, descending, ties by item id ascending; the head is the smallest such prefix that
 * holds at least {@code share} (80%) of all training interactions; everything else, including items
 * with no training interactions, is the tail. With no training interactions at all the head is empty.
 */
public final class LongTail {

    public static final double DEFAULT_HEAD_SHARE = 0.8;

    private final BitSet head;
    private final int catalogSize;

    private LongTail(BitSet head, int catalogSize) {
        this.head = head;
        this.catalogSize = catalogSize;
    }

    public static LongTail of(int[] interactions) {
        return of(interactions, DEFAULT_HEAD_SHARE);
    }

    public static LongTail of(int[] interactions, double share) {
        long total = 0;
        for (int c : interactions) {
            total += c;
        }
        Integer[] order = IntStream.range(0, interactions.length).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, (a, b) -> interactions[a] != interactions[b]
                ? Integer.compare(interactions[b], interactions[a]) : Integer.compare(a, b));
        BitSet head = new BitSet(interactions.length);
        long sum = 0;
        for (int k = 0; k < order.length && total > 0 && sum < share * total; k++) {
            head.set(order[k]);
            sum += interactions[order[k]];
        }
        return new LongTail(head, interactions.length);
    }

    public boolean isHead(int item) {
        return head.get(item);
    }

    public boolean isTail(int item) {
        return !head.get(item);
    }

    public int headSize() {
        return head.cardinality();
    }

    public int tailSize() {
        return catalogSize - head.cardinality();
    }

    public int catalogSize() {
        return catalogSize;
    }
}
