package org.recprompt.dataset;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a researcher wants to know about a dataset before using it. Definitions follow
 * {@code METRICS.md}:
 * <ul>
 * <li>density = interactions / (users x items), with users and items counted over the whole
 * user table and catalog; sparsity = 1 - density (the lecture calls density "sparsity": both are
 * given, named correctly);</li>
 * <li>Gini of item popularity: c_j = interactions of item j sorted ascending, including the items
 * nobody interacted with, n = |I|, N = sum c_j: G = sum_j (2j - n - 1) c_j / (N (n - 1));</li>
 * <li>head: items sorted by interactions descending (ties by item id ascending); the head is the
 * smallest prefix holding at least 80% of interactions (Elliot's split); head_items_share =
 * |head| / |I|;</li>
 * <li>cold users: users with at most {@value #COLD_USER_MAX} interactions (users without any
 * count as cold);</li>
 * <li>timestamps: present when the interactions carry at least two distinct times;</li>
 * <li>duplicates: the (user, item) pairs the file repeats and the rows its policy dropped; every
 * other figure is of the data after the policy;</li>
 * <li>user attributes: per attribute the users with a value, its distinct values and the most
 * frequent ones ({@link UserAttributeStats}).</li>
 * </ul>
 */
public record DatasetStats(
        String name,
        String format,
        int users,
        int items,
        long interactions,
        double density,
        double sparsity,
        Summary perUser,
        Summary perItem,
        int itemsWithoutInteractions,
        double itemPopularityGini,
        int headItems,
        double headItemsShare,
        int coldUsers,
        Map<String, Long> genreInteractions,
        Map<String, Integer> genreItems,
        Map<Float, Long> ratings,
        long firstTimestamp,
        long lastTimestamp,
        boolean hasTimestamps,
        DuplicatePolicy.Report duplicates,
        List<UserAttributeStats> userAttributes) {

    /** Cold users: at most this many interactions ({@link UserActivity}, the definition the run tab's buckets share). */
    public static final int COLD_USER_MAX = UserActivity.COLD_MAX;
    public static final double HEAD_SHARE = 0.8;

    /** Count statistics of a distribution. */
    public record Summary(int min, double median, double mean, int max) {

        static Summary of(int[] counts) {
            if (counts.length == 0) {
                return new Summary(0, 0, 0, 0);
            }
            int[] sorted = counts.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
            long sum = 0;
            for (int c : sorted) {
                sum += c;
            }
            return new Summary(sorted[0], median, (double) sum / n, sorted[n - 1]);
        }
    }

    public static DatasetStats of(Dataset d) {
        Interactions in = d.interactions();
        int users = d.users().size();
        int items = d.items().size();
        long n = in.size();
        int[] perUser = new int[users];
        for (int u : in.users()) {
            perUser[u]++;
        }
        int[] perItem = d.itemCounts();
        double density = users == 0 || items == 0 ? 0 : n / ((double) users * items);
        int cold = 0;
        for (int c : perUser) {
            if (c <= COLD_USER_MAX) {
                cold++;
            }
        }
        int without = 0;
        for (int c : perItem) {
            if (c == 0) {
                without++;
            }
        }
        int head = headSize(d, perItem, HEAD_SHARE);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Map<Float, Long> ratings = new TreeMap<>();
        long[] genreCounts = new long[d.items().genreNames().size()];
        for (int row = 0; row < n; row++) {
            long t = in.timestamp(row);
            if (t != 0) {
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
            float r = in.rating(row);
            if (!Float.isNaN(r)) {
                ratings.merge(r, 1L, Long::sum);
            }
            for (int g : d.items().genres()[in.item(row)]) {
                genreCounts[g]++;
            }
        }
        Map<String, Long> genreInteractions = new LinkedHashMap<>();
        Map<String, Integer> genreItems = new LinkedHashMap<>();
        int[] itemsPerGenre = new int[genreCounts.length];
        for (int[] g : d.items().genres()) {
            for (int k : g) {
                itemsPerGenre[k]++;
            }
        }
        for (int g = 0; g < genreCounts.length; g++) {
            genreInteractions.put(d.items().genreNames().get(g), genreCounts[g]);
            genreItems.put(d.items().genreNames().get(g), itemsPerGenre[g]);
        }
        return new DatasetStats(d.name(), d.format(), users, items, n, density, 1 - density, Summary.of(perUser),
                Summary.of(perItem), without, gini(perItem), head, items == 0 ? 0 : (double) head / items, cold,
                genreInteractions, genreItems, ratings, first == Long.MAX_VALUE ? 0 : first,
                last == Long.MIN_VALUE ? 0 : last, d.hasTimestamps(), d.duplicates(), UserAttributeStats.of(d.users()));
    }

    /** Gini of counts over all entries, zeros included; 0 for fewer than two entries or no mass. */
    static double gini(int[] counts) {
        int n = counts.length;
        if (n < 2) {
            return 0;
        }
        int[] c = counts.clone();
        Arrays.sort(c);
        double total = 0;
        double weighted = 0;
        for (int j = 1; j <= n; j++) {
            total += c[j - 1];
            weighted += (2.0 * j - n - 1) * c[j - 1];
        }
        return total == 0 ? 0 : weighted / (total * (n - 1));
    }

    /** The size of the smallest most-popular prefix holding at least {@code share} of interactions. */
    static int headSize(Dataset d, int[] perItem, double share) {
        long total = 0;
        for (int c : perItem) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        Integer[] order = new Integer[perItem.length];
        long[] numericIds = numericIds(d.items());
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> perItem[a] != perItem[b] ? Integer.compare(perItem[b], perItem[a])
                : numericIds != null ? Long.compare(numericIds[a], numericIds[b]) : d.items().id(a).compareTo(d.items().id(b)));
        long cumulative = 0;
        for (int k = 0; k < order.length; k++) {
            cumulative += perItem[order[k]];
            if (cumulative >= share * total) {
                return k + 1;
            }
        }
        return order.length;
    }

    /** The ids as numbers when every id is one (MovieLens), else null (compare as strings). */
    static long[] numericIds(Items items) {
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            String id = items.id(i);
            if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
                return null;
            }
            out[i] = Long.parseLong(id);
        }
        return out;
    }

    public Instant first() {
        return Instant.ofEpochSecond(firstTimestamp);
    }

    public Instant last() {
        return Instant.ofEpochSecond(lastTimestamp);
    }
}
