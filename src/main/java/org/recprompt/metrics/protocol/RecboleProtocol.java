package org.recprompt.metrics.protocol;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

import org.recprompt.metrics.RankedList;

/**
 * RecBole's full-sort evaluation (RUCAIBox/RecBole, recbole/evaluator/metrics.py and the full-sort
 * data loader; docs/protocols/recbole.md cites every line). RecBole scores every item of the dataset,
 * masks the user's history and takes the top K of what is left; an external list is mapped onto that
 * top K:
 * <ul>
 * <li>an item the dataset does not know is dropped (RecBole cannot rank it), ranks close up;</li>
 * <li>an item of the user's training history that is not one of the user's relevant test items is
 * dropped (RecBole gives it -inf: history = used items minus the test positives), ranks close up;</li>
 * <li>a repeat of an earlier item is dropped (a top K never holds an item twice), ranks close up;</li>
 * <li>an item of the dataset without training interactions is kept (RecBole ranks every item);</li>
 * <li>a rank the list skipped ({@link RankedList#GAP}) and every rank past the list's end up to K is an
 * empty slot: never relevant, popularity 0, never a tail item, not an item for coverage, Gini or
 * entropy (as an item missing from RecBole's training counter);</li>
 * <li>every user with a relevant test item is averaged; one without a list has K empty slots and
 * scores 0; a list of a user without relevant test items is not scored.</li>
 * </ul>
 * Precision, AveragePopularity and TailPercentage divide by K, as RecBole's always-full top K does.
 * Popularity is the training interactions per item ({@code data.count_items}); the tail is the
 * {@code tail_ratio} (default 0.1) least popular of the items with a training interaction, ties
 * broken by the lower item index. The item count of ItemCoverage and GiniIndex is the catalog plus
 * one: RecBole's {@code num(item_id)} counts its padding id.
 */
public final class RecboleProtocol implements Protocol {

    /** RecBole's default {@code tail_ratio} (TailPercentage, when the config sets none). */
    public static final double DEFAULT_TAIL_RATIO = 0.1;

    /** An empty slot of a top K. */
    private static final int EMPTY = -1;

    private final double tailRatio;

    public RecboleProtocol() {
        this(DEFAULT_TAIL_RATIO);
    }

    /**
     * @param tailRatio RecBole's {@code tail_ratio}: in (0, 1] the share of the items with a training
     *     interaction that are the tail (the least popular first); above 1 a count, every item with at
     *     most that many training interactions is a tail item
     */
    public RecboleProtocol(double tailRatio) {
        if (!(tailRatio > 0) || Double.isInfinite(tailRatio)) {
            throw new IllegalArgumentException("tail_ratio must be a positive number, not " + tailRatio);
        }
        this.tailRatio = tailRatio;
    }

    @Override
    public String id() {
        return "recbole";
    }

    @Override
    public String describe() {
        return "recbole (RecBole's full-sort evaluator, docs/protocols/recbole.md): unknown items, training history and "
                + "repeats dropped, lists cut at K; mean over every user with a relevant test item, a missing list "
                + "scores 0; tail = " + tailDescription();
    }

    private String tailDescription() {
        return tailRatio > 1 ? "items with at most " + tailRatio + " training interactions"
                : "the " + tailRatio + " least popular items with training interactions";
    }

    /** One evaluated user: the top max(K) slots and the relevant items, sorted. */
    private record Row(int[] slots, int[] relevant) {
    }

    /** What the mapping of lists dropped and kept, over every evaluated user's top max(K). */
    private static final class Tally {
        long history;
        long unknown;
        long repeats;
        long withoutTraining;
    }

    @Override
    public ProtocolResult evaluate(EvalInput input, int[] cutoffs) {
        int maxK = cutoffs[cutoffs.length - 1];
        Tally tally = new Tally();
        java.util.List<Row> rows = new java.util.ArrayList<>();
        long withoutList = 0;
        long withoutTest = 0;
        for (EvalUser u : input.users()) {
            int[] relevant = u.relevant(input.relevance());
            if (relevant.length == 0) {
                if (u.hasList()) {
                    withoutTest++;
                }
                continue;
            }
            if (!u.hasList()) {
                withoutList++;
            }
            Arrays.sort(relevant);
            rows.add(new Row(topSlots(u, relevant, input, maxK, tally), relevant));
        }
        int[] interactions = input.popularity().interactions();
        Tail tail = tail(interactions);
        int numItems = input.catalogSize() + 1;

        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int k : cutoffs) {
            putAll(metrics, k, rows, interactions, tail.items(), numItems);
            long empty = 0;
            for (Row r : rows) {
                for (int j = 0; j < k; j++) {
                    if (r.slots()[j] == EMPTY) {
                        empty++;
                    }
                }
            }
            counts.put("empty_slots@" + k, empty);
        }
        counts.put("n_users", (long) rows.size());
        counts.put("users_without_list", withoutList);
        counts.put("users_without_test_items", withoutTest);
        counts.put("history_items_dropped", tally.history);
        counts.put("unknown_items_dropped", tally.unknown);
        counts.put("repeats_dropped", tally.repeats);
        counts.put("items_without_training_kept", tally.withoutTraining);
        counts.put("tail_items", (long) tail.items().cardinality());
        counts.put("tail_boundary_ties", tail.boundaryTies());
        counts.put("recbole_num_items", (long) numItems);
        return new ProtocolResult(id(), metrics, counts);
    }

    /**
     * The user's top {@code maxK} as RecBole would have seen it: the raw list in rank order without
     * unknown items, masked history items and repeats; a skipped rank and every rank past the list's
     * end are {@link #EMPTY}. Drops are tallied only while the top max(K) is being filled.
     */
    private static int[] topSlots(EvalUser u, int[] relevantSorted, EvalInput input, int maxK, Tally tally) {
        int[] slots = new int[maxK];
        Arrays.fill(slots, EMPTY);
        if (!u.hasList()) {
            return slots;
        }
        BitSet history = new BitSet();
        for (int item : u.known()) { // training and validation items: RecBole masks both when scoring the test
            if (Arrays.binarySearch(relevantSorted, item) < 0) {
                history.set(item);
            }
        }
        BitSet seen = new BitSet();
        int n = 0;
        for (int item : u.raw()) {
            if (n == maxK) {
                break;
            }
            if (item == RankedList.GAP) {
                n++;
            } else if (item < 0 || item >= input.catalogSize()) {
                tally.unknown++;
            } else if (history.get(item)) {
                tally.history++;
            } else if (seen.get(item)) {
                tally.repeats++;
            } else {
                seen.set(item);
                if (!input.inTraining(item)) {
                    tally.withoutTraining++;
                }
                slots[n++] = item;
            }
        }
        return slots;
    }

    /**
     * The tail items and how many items share the tail's boundary count when the cut falls between
     * them (0 when it does not): RecBole sorts the items of its training counter by (count, id) and
     * keeps the first max(int(n * ratio), 1); with a ratio above 1, every item with at most that count.
     */
    private record Tail(BitSet items, long boundaryTies) {
    }

    Tail tail(int[] interactions) {
        BitSet tail = new BitSet(interactions.length);
        Integer[] trained = java.util.stream.IntStream.range(0, interactions.length)
                .filter(i -> interactions[i] > 0).boxed().toArray(Integer[]::new);
        if (tailRatio > 1) {
            for (int i : trained) {
                if (interactions[i] <= tailRatio) {
                    tail.set(i);
                }
            }
            return new Tail(tail, 0);
        }
        Arrays.sort(trained, (a, b) -> interactions[a] != interactions[b]
                ? Integer.compare(interactions[a], interactions[b]) : Integer.compare(a, b));
        int cut = Math.min(trained.length, Math.max((int) (trained.length * tailRatio), 1));
        for (int r = 0; r < cut; r++) {
            tail.set(trained[r]);
        }
        long ties = 0;
        if (cut > 0 && cut < trained.length && interactions[trained[cut]] == interactions[trained[cut - 1]]) {
            int boundary = interactions[trained[cut - 1]];
            for (int i : trained) {
                if (interactions[i] == boundary) {
                    ties++;
                }
            }
        }
        return new Tail(tail, ties);
    }

    private static void putAll(Map<String, Double> metrics, int k, java.util.List<Row> rows, int[] interactions,
            BitSet tail, int numItems) {
        String[] names = {"hit", "mrr", "ndcg", "precision", "recall", "map", "averagepopularity", "tailpercentage"};
        double[] sums = new double[names.length];
        int[] recommended = new int[numItems];
        long filled = 0;
        for (Row r : rows) {
            double[] v = userValues(r, k, interactions, tail);
            for (int m = 0; m < sums.length; m++) {
                sums[m] += v[m];
            }
            for (int j = 0; j < k; j++) {
                int item = r.slots()[j];
                if (item != EMPTY) {
                    recommended[item]++;
                    filled++;
                }
            }
        }
        int n = rows.size();
        for (int m = 0; m < 6; m++) {
            metrics.put(names[m] + "@" + k, n == 0 ? Double.NaN : sums[m] / n);
        }
        int[] sorted = Arrays.stream(recommended).filter(c -> c > 0).sorted().toArray();
        metrics.put("itemcoverage@" + k, n == 0 ? Double.NaN : sorted.length / (double) numItems);
        metrics.put("averagepopularity@" + k, n == 0 ? Double.NaN : sums[6] / n);
        metrics.put("giniindex@" + k, gini(sorted, filled, numItems));
        metrics.put("shannonentropy@" + k, entropy(sorted, filled));
        metrics.put("tailpercentage@" + k, n == 0 ? Double.NaN : sums[7] / n);
    }

    /**
     * One user's hit, mrr, ndcg, precision, recall, map, average popularity and tail share at k, each
     * as RecBole's metric_info computes its column k.
     */
    private static double[] userValues(Row r, int k, int[] interactions, BitSet tail) {
        int[] slots = r.slots();
        int positives = r.relevant().length;
        int hits = 0;
        double firstHit = 0;
        double dcg = 0;
        double sumPrecision = 0;
        long popularity = 0;
        int tailSlots = 0;
        for (int j = 0; j < k; j++) {
            int item = slots[j];
            if (item == EMPTY) {
                continue;
            }
            popularity += interactions[item];
            if (tail.get(item)) {
                tailSlots++;
            }
            if (Arrays.binarySearch(r.relevant(), item) >= 0) {
                hits++;
                if (firstHit == 0) {
                    firstHit = 1.0 / (j + 1);
                }
                dcg += 1 / log2(j + 2);
                sumPrecision += hits / (double) (j + 1);
            }
        }
        int idealLength = Math.min(positives, k);
        double idcg = 0;
        for (int i = 1; i <= idealLength; i++) {
            idcg += 1 / log2(i + 1);
        }
        return new double[] {hits > 0 ? 1 : 0, firstHit, dcg / idcg, hits / (double) k, hits / (double) positives,
                sumPrecision / idealLength, popularity / (double) k, tailSlots / (double) k};
    }

    /** RecBole's GiniIndex: sum((2 idx - n - 1) count) / total / n, idx = n - m + 1 .. n over the m counts ascending. */
    static double gini(int[] sortedCounts, long total, int numItems) {
        if (total == 0) {
            return Double.NaN;
        }
        int m = sortedCounts.length;
        double sum = 0;
        for (int r = 0; r < m; r++) {
            long idx = (long) numItems - m + 1 + r;
            sum += (2 * idx - numItems - 1) * (double) sortedCounts[r];
        }
        return sum / total / numItems;
    }

    /** RecBole's ShannonEntropy: -sum p ln p over the recommended items, divided by their number. */
    static double entropy(int[] counts, long total) {
        if (total == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int c : counts) {
            double p = c / (double) total;
            sum -= p * Math.log(p);
        }
        return sum / counts.length;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
