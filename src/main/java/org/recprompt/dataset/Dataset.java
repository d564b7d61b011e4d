package org.recprompt.dataset;

import java.util.BitSet;
import java.util.List;

/**
 * A loaded dataset: the item catalog, the users and their interactions. Immutable; derived
 * indexes (each user's interactions in time order, item counts) are computed once on first use.
 */
public final class Dataset {

    private final String name;
    private final String format;
    private final Items items;
    private final Users users;
    private final Interactions interactions;
    private final DuplicatePolicy.Report duplicates;
    private final boolean fileOrder;
    private final Domain domain;
    private final List<String> notes;
    private volatile int[] userStart;
    private volatile int[] rowsByUser;
    private volatile Boolean timed;
    /** The observed rating scale, computed once; NO_SCALE when the data has no finite rating. */
    private volatile Object scale;
    private static final Object NO_SCALE = new Object();

    public Dataset(String name, String format, Items items, Users users, Interactions interactions) {
        this(name, format, items, users, interactions, DuplicatePolicy.Report.none(DuplicatePolicy.DEFAULT), false,
                Domain.ITEM, List.of());
    }

    /** A dataset read from a file, with what its duplicates policy did. */
    public Dataset(String name, String format, Items items, Users users, Interactions interactions,
            DuplicatePolicy.Report duplicates) {
        this(name, format, items, users, interactions, duplicates, false, Domain.ITEM, List.of());
    }

    private Dataset(String name, String format, Items items, Users users, Interactions interactions,
            DuplicatePolicy.Report duplicates, boolean fileOrder, Domain domain, List<String> notes) {
        this.name = name;
        this.format = format;
        this.items = items;
        this.users = users;
        this.interactions = interactions;
        this.duplicates = duplicates;
        this.fileOrder = fileOrder;
        this.domain = domain == null ? Domain.ITEM : domain;
        this.notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A dataset made from this one (a k-core, images attached), keeping its duplicates report and order. */
    public Dataset derived(String newName, Items newItems, Users newUsers, Interactions newInteractions) {
        Dataset d = new Dataset(newName, format, newItems, newUsers, newInteractions, duplicates, fileOrder, domain, notes);
        if (newInteractions == interactions && newUsers.size() == users.size()) {
            d.timed = timed;
            if (rowsByUser != null) {
                d.userStart = userStart;
                d.rowsByUser = rowsByUser;
            }
        }
        return d;
    }

    /** What the duplicates policy did when the file was read. */
    public DuplicatePolicy.Report duplicates() {
        return duplicates;
    }

    /**
     * The same data with each user's interactions ordered by the file's rows instead of by time
     * ({@code order: file}): for files known to be chronological but without timestamps.
     */
    public Dataset inFileOrder() {
        return fileOrder ? this : new Dataset(name, format, items, users, interactions, duplicates, true, domain, notes);
    }

    /** What the items are (movie, book, product, ...), in the words prompts use. */
    public Domain domain() {
        return domain;
    }

    /** The same data in another domain (a reader's default, or the researcher's choice). */
    public Dataset withDomain(Domain newDomain) {
        return newDomain.equals(domain) ? this : relabelled(newDomain, notes);
    }

    /**
     * What the publisher says about the data that bears on its use, one sentence each (for example
     * "ratings.csv is in chronological order", "ratings are 0-10"): shown with its statistics.
     */
    public List<String> notes() {
        return notes;
    }

    /** The same data with these publisher notes. */
    public Dataset withNotes(List<String> newNotes) {
        return relabelled(domain, newNotes);
    }

    /** The same rows under other labels, sharing the indexes already computed. */
    private Dataset relabelled(Domain newDomain, List<String> newNotes) {
        Dataset d = new Dataset(name, format, items, users, interactions, duplicates, fileOrder, newDomain, newNotes);
        d.timed = timed;
        synchronized (this) {
            d.userStart = userStart;
            d.rowsByUser = rowsByUser;
        }
        return d;
    }

    /** True when each user's interactions are in the file's row order rather than by timestamp. */
    public boolean isFileOrder() {
        return fileOrder;
    }

    /**
     * True when the interactions carry time: at least two distinct timestamps. False when every
     * interaction is at time 0 (no time column) or all share one time, so time order means nothing.
     */
    public boolean hasTimestamps() {
        Boolean known = timed;
        if (known == null) {
            boolean any = false;
            long[] t = interactions.timestamps();
            for (int row = 1; row < t.length && !any; row++) {
                any = t[row] != t[0];
            }
            timed = known = any;
        }
        return known;
    }

    /** The scale of the finite ratings (lowest, highest, step), or null when there is none; computed once. */
    public RatingScale ratingScale() {
        Object known = scale;
        if (known == null) {
            RatingScale s = RatingScale.of(interactions);
            scale = known = s == null ? NO_SCALE : s;
        }
        return known instanceof RatingScale s ? s : null;
    }

    public String name() {
        return name;
    }

    /** The format it was read from, such as "movielens-100k". */
    public String format() {
        return format;
    }

    public Items items() {
        return items;
    }

    public Users users() {
        return users;
    }

    public Interactions interactions() {
        return interactions;
    }

    /**
     * The rows of the user's interactions, oldest first: sorted by (timestamp, item id) so that
     * ties between equal timestamps break the same way on every machine; in the file's row order
     * for a dataset {@link #inFileOrder()}.
     */
    public int[] rowsOf(int user) {
        index();
        int from = userStart[user];
        int to = userStart[user + 1];
        int[] rows = new int[to - from];
        System.arraycopy(rowsByUser, from, rows, 0, rows.length);
        return rows;
    }

    /** How many interactions the user has. */
    public int countOf(int user) {
        index();
        return userStart[user + 1] - userStart[user];
    }

    /** The number of interactions of each item. */
    public int[] itemCounts() {
        int[] counts = new int[items.size()];
        for (int item : interactions.items()) {
            counts[item]++;
        }
        return counts;
    }

    /**
     * Implicit feedback: only the interactions rated at or above the threshold are kept. A row
     * without a rating (NaN) is not rated at or above anything, so it is dropped when the data has
     * ratings (Book-Crossing's implicit 0s); data without any rating is kept whole. Users and items
     * stay as they are.
     */
    public Dataset implicit(float threshold) {
        boolean anyRating = false;
        for (int row = 0; row < interactions.size() && !anyRating; row++) {
            anyRating = !Float.isNaN(interactions.rating(row));
        }
        BitSet keep = new BitSet(interactions.size());
        for (int row = 0; row < interactions.size(); row++) {
            float r = interactions.rating(row);
            if (anyRating ? r >= threshold : Float.isNaN(r)) {
                keep.set(row);
            }
        }
        return withRows(keep, name + " (rating >= " + threshold + ")");
    }

    /** A dataset with the same users and items and only the given interaction rows. */
    public Dataset withRows(BitSet keep, String newName) {
        int n = keep.cardinality();
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        int k = 0;
        for (int row = keep.nextSetBit(0); row >= 0; row = keep.nextSetBit(row + 1)) {
            u[k] = interactions.user(row);
            i[k] = interactions.item(row);
            r[k] = interactions.rating(row);
            t[k] = interactions.timestamp(row);
            k++;
        }
        return new Dataset(newName, format, items, users, new Interactions(u, i, r, t), duplicates, fileOrder, domain,
                notes);
    }

    private void index() {
        if (rowsByUser != null) {
            return;
        }
        synchronized (this) {
            if (rowsByUser != null) {
                return;
            }
            int n = interactions.size();
            int[] start = new int[users.size() + 1];
            for (int row = 0; row < n; row++) {
                start[interactions.user(row) + 1]++;
            }
            for (int u = 0; u < users.size(); u++) {
                start[u + 1] += start[u];
            }
            int[] fill = start.clone();
            int[] rows = new int[n];
            for (int row = 0; row < n; row++) {
                rows[fill[interactions.user(row)]++] = row;
            }
            for (int u = 0; u < users.size() && !fileOrder; u++) {
                sortByTime(rows, start[u], start[u + 1]);
            }
            userStart = start;
            rowsByUser = rows;
        }
    }

    /** Sorts rows[from, to) by (timestamp, item id, row): a stable merge sort on primitive ints. */
    private void sortByTime(int[] rows, int from, int to) {
        int len = to - from;
        if (len < 2) {
            return;
        }
        int[] order = new int[len];
        System.arraycopy(rows, from, order, 0, len);
        mergeSort(order, new int[len], 0, len);
        System.arraycopy(order, 0, rows, from, len);
    }

    private void mergeSort(int[] a, int[] tmp, int lo, int hi) {
        if (hi - lo < 16) {
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= lo && compareRows(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid);
        mergeSort(a, tmp, mid, hi);
        if (compareRows(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (j >= hi || (i < mid && compareRows(tmp[i], tmp[j]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /** Orders rows by timestamp, then by the item's external id order (internal index), then row. */
    private int compareRows(int a, int b) {
        int c = Long.compare(interactions.timestamp(a), interactions.timestamp(b));
        if (c != 0) {
            return c;
        }
        c = compareItemIds(interactions.item(a), interactions.item(b));
        return c != 0 ? c : Integer.compare(a, b);
    }

    /** Item ids compare numerically when both are numbers (MovieLens), else as strings. */
    private int compareItemIds(int a, int b) {
        if (a == b) {
            return 0;
        }
        String x = items.id(a);
        String y = items.id(b);
        if (isDigits(x) && isDigits(y)) {
            // Numerically: leading zeros aside, a longer number is larger; equal lengths compare digit by digit.
            String p = withoutLeadingZeros(x);
            String q = withoutLeadingZeros(y);
            int c = p.length() != q.length() ? Integer.compare(p.length(), q.length()) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return x.compareTo(y);
    }

    private static String withoutLeadingZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    private static boolean isDigits(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (!Character.isDigit(s.charAt(k))) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
