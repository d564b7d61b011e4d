package org.recprompt.dataset.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.dataset.IdIndex;
import org.recprompt.dataset.Interactions;
import org.recprompt.dataset.Items;
import org.recprompt.dataset.Users;

/**
 * Collects what the readers parse and checks it as it comes: duplicate item or user ids, and
 * interactions that name items or users missing from the catalog files, are errors naming the
 * file and line. Once an items file was read the catalog is closed; likewise users. A (user, item)
 * pair that occurs more than once is resolved by the {@link DuplicatePolicy} when the dataset is
 * built; ratings must be finite numbers.
 */
final class DatasetBuilder {

    private static final Pattern YEAR_IN_TITLE = Pattern.compile("\\((\\d{4})(?:[-\u2013]\\d{0,4})?\\)\\s*$");

    private final IdIndex itemIds = new IdIndex();
    private final List<String> titles = new ArrayList<>();
    private final PrimitiveLists.Ints years = new PrimitiveLists.Ints();
    private final List<int[]> genres = new ArrayList<>();
    private final IdIndex genreNames = new IdIndex();
    private final Map<String, List<String>> itemAttributes = new LinkedHashMap<>();
    private final IdIndex userIds = new IdIndex();
    private final Map<String, List<String>> userAttributes = new LinkedHashMap<>();
    private final PrimitiveLists.Ints rowUsers = new PrimitiveLists.Ints();
    private final PrimitiveLists.Ints rowItems = new PrimitiveLists.Ints();
    private final PrimitiveLists.Floats rowRatings = new PrimitiveLists.Floats();
    private final PrimitiveLists.Longs rowTimes = new PrimitiveLists.Longs();
    /** Where the file's line number stops being row + a constant: rows, and line - row from there on. */
    private final PrimitiveLists.Ints lineJumpRows = new PrimitiveLists.Ints();
    private final PrimitiveLists.Longs lineJumpDeltas = new PrimitiveLists.Longs();
    private long lineDelta = Long.MIN_VALUE;
    private final DuplicatePolicy policy;
    private Path itemsFile;
    private Path usersFile;

    DatasetBuilder() {
        this(DuplicatePolicy.DEFAULT);
    }

    DatasetBuilder(DuplicatePolicy policy) {
        this.policy = policy == null ? DuplicatePolicy.DEFAULT : policy;
    }

    /** Declares the genre vocabulary in a fixed order (ml-100k's u.genre). */
    void genre(String name) {
        genreNames.add(name);
    }

    int addItem(Path file, long line, String id, String title, int year, List<String> itemGenres) {
        if (itemIds.contains(id)) {
            throw new DatasetFormatException(file, line, "item id " + id + " appears twice", null);
        }
        itemsFile = file;
        int index = itemIds.add(id);
        titles.add(title);
        years.add(year > 0 ? year : yearOf(title));
        int[] g = new int[itemGenres.size()];
        for (int k = 0; k < g.length; k++) {
            g[k] = genreNames.add(itemGenres.get(k));
        }
        genres.add(g);
        return index;
    }

    void itemAttribute(int item, String name, String value) {
        set(itemAttributes, name, item, value);
    }

    /**
     * Describes an item first named by an interaction (metadata read after the ratings, as the
     * JSON-lines readers do so that only rated items are kept): its title and genres; its year stays
     * unknown (a product's title carries no release year).
     */
    void describeItem(int item, String title, List<String> itemGenres) {
        if (title != null) {
            titles.set(item, title);
        }
        if (itemGenres != null) {
            int[] g = new int[itemGenres.size()];
            for (int k = 0; k < g.length; k++) {
                g[k] = genreNames.add(itemGenres.get(k));
            }
            genres.set(item, g);
        }
    }

    int itemCount() {
        return itemIds.size();
    }

    int addUser(Path file, long line, String id) {
        if (userIds.contains(id)) {
            throw new DatasetFormatException(file, line, "user id " + id + " appears twice", null);
        }
        usersFile = file;
        return userIds.add(id);
    }

    void userAttribute(int user, String name, String value) {
        set(userAttributes, name, user, value);
    }

    void addInteraction(Path file, long line, String user, String item, float rating, long timestamp) {
        int u;
        if (usersFile != null) {
            u = userIds.find(user);
            if (u < 0) {
                throw new DatasetFormatException(file, line, "user " + user + " is not in " + usersFile.getFileName(), null);
            }
        } else {
            u = userIds.add(user);
        }
        int i = itemIds.find(item);
        if (i < 0) {
            if (itemsFile != null) {
                throw new DatasetFormatException(file, line, "item " + item + " is not in " + itemsFile.getFileName(), null);
            }
            i = itemIds.add(item);
            titles.add(item);
            years.add(0);
            genres.add(new int[0]);
        }
        long delta = line - rowUsers.size;
        if (delta != lineDelta) {
            lineJumpRows.add(rowUsers.size);
            lineJumpDeltas.add(delta);
            lineDelta = delta;
        }
        rowUsers.add(u);
        rowItems.add(i);
        rowRatings.add(rating);
        rowTimes.add(timestamp);
    }

    /** The index of an item id, or -1. */
    int itemIndex(String id) {
        return itemIds.find(id);
    }

    /** The index of a user id, or -1. */
    int userIndex(String id) {
        return userIds.find(id);
    }

    boolean hasItemsFile() {
        return itemsFile != null;
    }

    int interactionCount() {
        return rowUsers.size;
    }

    Dataset build(String name, String format, Path interactionsFile) {
        if (rowUsers.size == 0) {
            throw new DatasetFormatException(interactionsFile, "holds no interactions");
        }
        int[] yearArray = Arrays.copyOf(years.data, years.size);
        List<String> genreList = new ArrayList<>();
        for (int g = 0; g < genreNames.size(); g++) {
            genreList.add(genreNames.id(g));
        }
        Items items = new Items(itemIds, titles.toArray(String[]::new), yearArray, genres.toArray(int[][]::new),
                List.copyOf(genreList), columns(itemAttributes, itemIds.size()), null);
        Users users = new Users(userIds, columns(userAttributes, userIds.size()));
        Interactions interactions = new Interactions(rowUsers.toArray(), rowItems.toArray(), rowRatings.toArray(),
                rowTimes.toArray());
        return deduplicate(new Dataset(name, format, items, users, interactions, DuplicatePolicy.Report.none(policy)),
                interactionsFile);
    }

    /**
     * Applies the policy to (user, item) pairs that occur more than once: one row of each repeated
     * pair is kept (the last or the first by (timestamp, file row), or the highest rating, ties to
     * the last); {@code error} names the lines of the first two rows of the first repeat. Rows are
     * grouped by user with a counting sort and each user's items sorted, so no time index is built.
     */
    private Dataset deduplicate(Dataset raw, Path file) {
        Interactions in = raw.interactions();
        int n = in.size();
        int users = raw.users().size();
        int[] start = new int[users + 1];
        for (int row = 0; row < n; row++) {
            start[in.user(row) + 1]++;
        }
        for (int u = 0; u < users; u++) {
            start[u + 1] += start[u];
        }
        int[] fill = start.clone();
        int[] byUser = new int[n];
        for (int row = 0; row < n; row++) {
            byUser[fill[in.user(row)]++] = row;
        }
        fill = null;
        java.util.BitSet drop = new java.util.BitSet();
        long pairs = 0;
        long[] keys = new long[0];
        for (int u = 0; u < users; u++) {
            int size = start[u + 1] - start[u];
            if (size < 2) {
                continue;
            }
            if (keys.length < size) {
                keys = new long[Math.max(size, keys.length * 2)];
            }
            for (int k = 0; k < size; k++) {
                int row = byUser[start[u] + k];
                keys[k] = ((long) in.item(row) << 32) | row;
            }
            Arrays.sort(keys, 0, size);
            for (int from = 0; from < size; ) {
                int to = from + 1;
                while (to < size && keys[to] >>> 32 == keys[from] >>> 32) {
                    to++;
                }
                if (to - from > 1) {
                    pairs++;
                    int keep = kept(in, keys, from, to, file);
                    for (int k = from; k < to; k++) {
                        if ((int) keys[k] != keep) {
                            drop.set((int) keys[k]);
                        }
                    }
                }
                from = to;
            }
        }
        if (pairs == 0) {
            return raw;
        }
        byUser = null;
        int kept = n - drop.cardinality();
        int[] u = new int[kept];
        int[] i = new int[kept];
        float[] r = new float[kept];
        long[] t = new long[kept];
        int k = 0;
        for (int row = drop.nextClearBit(0); row < n; row = drop.nextClearBit(row + 1)) {
            u[k] = in.user(row);
            i[k] = in.item(row);
            r[k] = in.rating(row);
            t[k] = in.timestamp(row);
            k++;
        }
        return new Dataset(raw.name(), raw.format(), raw.items(), raw.users(), new Interactions(u, i, r, t),
                new DuplicatePolicy.Report(policy, pairs, drop.cardinality()));
    }

    /** True when row a comes after row b in time: later timestamp, or the same time and a later row of the file. */
    private static boolean later(Interactions in, int a, int b) {
        int c = Long.compare(in.timestamp(a), in.timestamp(b));
        return c != 0 ? c > 0 : a > b;
    }

    /** The row kept of one repeated item; keys[from, to) hold its rows (low 32 bits) in file order. */
    private int kept(Interactions in, long[] keys, int from, int to, Path file) {
        int first = (int) keys[from];
        int last = first;
        for (int k = from + 1; k < to; k++) {
            int row = (int) keys[k];
            if (later(in, row, last)) {
                last = row;
            }
            if (later(in, first, row)) {
                first = row;
            }
        }
        switch (policy) {
            case KEEP_FIRST:
                return first;
            case MAX_RATING: {
                int best = last;
                for (int k = from; k < to; k++) {
                    int row = (int) keys[k];
                    float rating = in.rating(row);
                    float bestRating = in.rating(best);
                    if (!Float.isNaN(rating) && (Float.isNaN(bestRating) || rating > bestRating
                            || rating == bestRating && later(in, row, best))) {
                        best = row;
                    }
                }
                return best;
            }
            case ERROR: {
                int a = (int) keys[from];
                int b = (int) keys[from + 1];
                throw new DatasetFormatException(file, lineOf(a), "user " + userIds.id(in.user(a)) + " has item "
                        + itemIds.id(in.item(a)) + " again on line " + lineOf(b) + " (duplicates: error; "
                        + "keep-last, keep-first or max-rating keep one of them)", null);
            }
            default:
                return last;
        }
    }

    /** The file's line of an interaction row. */
    private long lineOf(int row) {
        int lo = 0;
        int hi = lineJumpRows.size - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineJumpRows.data[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return row + lineJumpDeltas.data[lo];
    }

    /** The year at the end of a MovieLens-style title, "Heat (1995)", or 0. */
    static int yearOf(String title) {
        Matcher m = YEAR_IN_TITLE.matcher(title);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static void set(Map<String, List<String>> columns, String name, int row, String value) {
        List<String> column = columns.computeIfAbsent(name, k -> new ArrayList<>());
        while (column.size() <= row) {
            column.add(null);
        }
        column.set(row, value);
    }

    private static Map<String, String[]> columns(Map<String, List<String>> columns, int rows) {
        Map<String, String[]> out = new HashMap<>();
        columns.forEach((name, values) -> out.put(name, Arrays.copyOf(values.toArray(String[]::new), rows)));
        return Map.copyOf(out);
    }

    static float parseRating(Path file, long line, String text) {
        float rating;
        try {
            rating = Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, line, "the rating field is not a number", null);
        }
        if (!Float.isFinite(rating)) {
            throw new DatasetFormatException(file, line, "the rating '" + text.trim()
                    + "' is not a finite number (NaN, Infinity, or too large for a rating)", null);
        }
        return rating;
    }

    /** Powers of ten a float holds exactly, for {@link #parseRating(Path, long, String, int, int)}. */
    private static final float[] TENS = {1f, 10f, 100f, 1_000f, 10_000f, 100_000f, 1_000_000f, 10_000_000f};

    /**
     * As {@link #parseRating(Path, long, String)} for the characters {@code from} to {@code to} of
     * {@code text}, without a substring for the usual rating: digits, optionally a point and more
     * digits, seven digits at most ("4", "3.5", "0.25"). Such a rating is n / 10^k with n below
     * 2^24 and 10^k both exact in a float, so one correctly rounded division gives the float nearest
     * the decimal, exactly what {@link Float#parseFloat} returns. Anything else goes to the general
     * parse, with its messages.
     */
    static float parseRating(Path file, long line, String text, int from, int to) {
        long n = 0;
        int digits = 0;
        int point = -1;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                n = n * 10 + (c - '0');
                digits++;
            } else if (c == '.' && point < 0 && i > from && i < to - 1) {
                point = i;
            } else {
                return parseRating(file, line, text.substring(from, to));
            }
        }
        if (digits == 0 || digits > 7) {
            return parseRating(file, line, text.substring(from, to));
        }
        return point < 0 ? (float) n : (float) n / TENS[to - point - 1];
    }

    /**
     * As {@link #parseTimestamp(Path, long, String)} for the characters {@code from} to {@code to}
     * of {@code text}, without a substring when they are 1 to 18 digits (whole seconds or
     * milliseconds); anything else goes to the general parse.
     */
    static long parseTimestamp(Path file, long line, String text, int from, int to) {
        if (to - from < 1 || to - from > 18) {
            return parseTimestamp(file, line, text.substring(from, to));
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return parseTimestamp(file, line, text.substring(from, to));
            }
            v = v * 10 + (c - '0');
        }
        return v > 100_000_000_000L ? v / 1000 : v;
    }

    static long parseTimestamp(Path file, long line, String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return 0;
        }
        try {
            if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
                return (long) Double.parseDouble(t);
            }
            long v = Long.parseLong(t);
            return v > 100_000_000_000L ? v / 1000 : v;
        } catch (NumberFormatException e) {
            try {
                return java.time.Instant.parse(t).getEpochSecond();
            } catch (java.time.format.DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
                } catch (java.time.format.DateTimeParseException e3) {
                    throw new DatasetFormatException(file, line, "the timestamp field is neither seconds"
                            + " since 1970 nor an ISO-8601 date", null);
                }
            }
        }
    }
}
