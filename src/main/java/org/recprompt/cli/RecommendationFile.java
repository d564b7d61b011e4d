package org.recprompt.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.recprompt.base.LineReader;
import org.recprompt.dataset.Dataset;
import org.recprompt.metrics.RankedList;

/**
 * A file of recommendation lists as {@code recprompt metrics --recs} reads it: one row per
 * recommended item, {@code user,item,rank} (rank from 1), or with {@code scores} set
 * {@code user,item,score} (Elliot's and RecBole's {@code user<TAB>item<TAB>score}: higher first,
 * equal scores in file order, counted). The separator is a tab when the first non-blank line holds
 * one, else a comma; a first line whose user is not the dataset's and whose third field is not a
 * number is a header (so {@code user,item,rank}, {@code userId,movieId,score} and none at all are
 * all read). Ids are the dataset's; an item the dataset does not know is kept as -1 and counted.
 */
final class RecommendationFile {

    /** The most positions one user's list may span within the cutoff (gaps included). */
    static final int MAX_POSITIONS = 10_000_000;

    private RecommendationFile() {
    }

    /**
     * The lists of a recommendations file and what was counted while reading it.
     *
     * @param scoreTies rows ranked after an equal score of the same user by their place in the file
     *     (0 when the file has ranks)
     */
    record Lists(Map<Integer, int[]> byUser, long rows, long notInCatalog, long repeatedItems, long usersWithGaps,
            long scoreTies) {
    }

    /**
     * Each user's raw list by position (internal item ids; -1 for an item not in the catalog,
     * counted; {@link RankedList#GAP} at a rank the file skips, so ranks 1, 2, 5 keep 5 at rank 5 and
     * the users with such gaps are counted), in file order of users. A list holds the positions up to
     * k plus the user's rows (a later one cannot reach the cutoff even after every dropped item when
     * gaps keep their positions); rows ranked further follow, in order, after one more gap, so a
     * convention that closes gaps still reads every row. A
     * file without a data row, a rank below 1 or a rank a user already has, a score that is not a
     * finite number, a line over {@link LineReader#MAX_LINE_BYTES} and bytes that are not UTF-8 are
     * errors naming the file and line.
     */
    static Lists read(Dataset d, Path file, int k, boolean scores) throws IOException {
        String columns = scores ? "user,item,score" : "user,item,rank";
        Map<Integer, List<double[]>> rows = new LinkedHashMap<>();
        Map<Integer, Map<Long, Long>> ranksSeen = new HashMap<>();
        long dataRows = 0;
        long notInCatalog = 0;
        CSVFormat format = null;
        try (LineReader reader = new LineReader(file)) {
            String text;
            boolean first = true;
            while ((text = reader.readLine()) != null) {
                long line = reader.lineNumber();
                if (text.isBlank()) {
                    continue;
                }
                if (format == null) {
                    format = (text.indexOf('\t') >= 0 ? CSVFormat.TDF : CSVFormat.DEFAULT).builder().setTrim(true).get();
                }
                List<String> rec;
                try (var parser = format.parse(new java.io.StringReader(text))) {
                    rec = parser.getRecords().get(0).toList();
                } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
                    // the line's text is not repeated: the file may not be a recommendations file at all
                    throw new IllegalArgumentException(file + " line " + line + ": not a line of " + columns);
                }
                if (first && isHeader(d, rec)) {
                    first = false;
                    continue;
                }
                first = false;
                if (rec.size() < 3) {
                    throw new IllegalArgumentException(file + " line " + line + ": expected " + columns);
                }
                int user = d.users().indexOf(rec.get(0));
                if (user < 0) {
                    throw new IllegalArgumentException(file + " line " + line + ": no user " + rec.get(0) + " in the dataset");
                }
                double order = scores ? score(file, line, rec.get(2)) : rank(file, line, rec, user, ranksSeen);
                int item = d.items().indexOf(rec.get(1));
                if (item < 0) {
                    notInCatalog++;
                }
                dataRows++;
                rows.computeIfAbsent(user, x -> new ArrayList<>()).add(new double[] {order, item, dataRows});
            }
        }
        if (dataRows == 0) {
            throw new IllegalArgumentException(file + ": holds no recommendations (expected lines " + columns
                    + " after an optional header)");
        }
        long ties = 0;
        if (scores) {
            for (List<double[]> l : rows.values()) {
                // highest score first, equal scores in file order; then the score becomes the rank
                l.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(a[2], b[2]));
                double previous = Double.NaN;
                for (int n = 0; n < l.size(); n++) {
                    double score = l.get(n)[0];
                    if (score == previous) {
                        ties++;
                    }
                    previous = score;
                    l.get(n)[0] = n + 1;
                }
            }
        }
        return lists(d, file, k, rows, dataRows, notInCatalog, ties);
    }

    private static boolean isHeader(Dataset d, List<String> rec) {
        if (rec.size() < 3 || d.users().indexOf(rec.get(0)) >= 0) {
            return false;
        }
        try {
            Double.parseDouble(rec.get(2));
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static double score(Path file, long line, String text) {
        try {
            double score = Double.parseDouble(text);
            if (Double.isFinite(score)) {
                return score;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(file + " line " + line + ": score '" + text + "' is not a finite number");
    }

    private static long rank(Path file, long line, List<String> rec, int user, Map<Integer, Map<Long, Long>> ranksSeen) {
        long rank;
        try {
            rank = Long.parseLong(rec.get(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + ": rank '" + rec.get(2) + "' is not a whole number"
                    + " (a file of scores, such as Elliot's or RecBole's, is read with --scores)");
        }
        if (rank < 1) {
            throw new IllegalArgumentException(file + " line " + line + ": rank " + rank + " is below 1 (ranks count from 1)");
        }
        Long earlier = ranksSeen.computeIfAbsent(user, x -> new HashMap<>()).putIfAbsent(rank, line);
        if (earlier != null) {
            throw new IllegalArgumentException(file + " line " + line + ": user " + rec.get(0) + " has rank " + rank
                    + " again (first on line " + earlier + ")");
        }
        return rank;
    }

    private static Lists lists(Dataset d, Path file, int k, Map<Integer, List<double[]>> rows, long dataRows,
            long notInCatalog, long ties) {
        Map<Integer, int[]> lists = new LinkedHashMap<>();
        long repeated = 0;
        long withGaps = 0;
        for (var e : rows.entrySet()) {
            List<double[]> l = e.getValue();
            l.sort((a, b) -> Double.compare(a[0], b[0]));
            int[] items = l.stream().mapToInt(x -> (int) x[1]).toArray();
            repeated += items.length - Arrays.stream(items).filter(i -> i >= 0).distinct().count()
                    - Arrays.stream(items).filter(i -> i < 0).count();
            long last = (long) l.get(l.size() - 1)[0];
            if (last != l.size()) {
                withGaps++;
            }
            long reach = (long) k + l.size();
            if (Math.min(reach, last) > MAX_POSITIONS) {
                throw new IllegalArgumentException(file + ": user " + d.users().id(e.getKey()) + " has rank " + last
                        + ", and with --k " + k + " that list is too long to evaluate (ranks within the cutoff are kept in "
                        + "memory, at most " + MAX_POSITIONS + ")");
            }
            int length = (int) Math.min(reach, last);
            int beyond = 0;
            for (double[] row : l) {
                beyond += row[0] > length ? 1 : 0;
            }
            // rows past the reach keep their order after one gap: under gap-keeping conventions they
            // stay past the cutoff; a convention that closes gaps (Elliot's) still sees them in order
            int[] list = new int[length + (beyond > 0 ? 1 + beyond : 0)];
            Arrays.fill(list, RankedList.GAP);
            int tail = length + 1;
            for (double[] row : l) {
                if (row[0] <= length) {
                    list[(int) row[0] - 1] = (int) row[1];
                } else {
                    list[tail++] = (int) row[1];
                }
            }
            lists.put(e.getKey(), list);
        }
        return new Lists(lists, dataRows, notInCatalog, repeated, withGaps, ties);
    }
}
