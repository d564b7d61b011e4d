package org.recprompt.dataset.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.dataset.IdIndex;

/**
 * The most used labels (tags, shelves) of each item: counts are summed per (item, label), and
 * the top ones are kept, ties broken by name so the result does not depend on the file's order.
 */
final class TopCounts {

    private final IdIndex labels = new IdIndex();
    private final List<Map<Integer, Long>> counts;
    private final int kept;

    TopCounts(int items, int kept) {
        this.counts = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            counts.add(null);
        }
        this.kept = kept;
    }

    /** Adds a count for an item's label; counts of zero or less are ignored. */
    void add(int item, String label, long count) {
        if (count <= 0 || label.isBlank()) {
            return;
        }
        Map<Integer, Long> m = counts.get(item);
        if (m == null) {
            m = new HashMap<>();
            counts.set(item, m);
        }
        m.merge(labels.add(label), count, Long::sum);
    }

    /** The item's most used labels, most used first. */
    List<String> top(int item) {
        Map<Integer, Long> m = counts.get(item);
        if (m == null) {
            return List.of();
        }
        return m.entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed()
                        .thenComparing(e -> labels.id(e.getKey())))
                .limit(kept)
                .map(e -> labels.id(e.getKey()))
                .toList();
    }
}
