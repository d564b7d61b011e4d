package org.recprompt.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.metrics.MetricSuite;
import org.recprompt.metrics.SplitAdapter;
import org.recprompt.metrics.UserRecs;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt metrics --dataset PATH --recs FILE.csv [--k 10] [--json]}: evaluates externally
 * produced lists against the dataset's temporal leave-last-out split. The recs file has columns
 * user,item,rank (external ids, rank from 1; a header line is optional). Items not in the catalog
 * and repeated items are dropped by normalisation; users of the file without a held-out item are
 * skipped and counted. Every value is the mean over the evaluated users of the file.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Evaluate recommendation lists (CSV user,item,rank) against the leave-last-out split of a dataset.")
final class MetricsCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, paramLabel = "PATH", description = "The dataset folder or file.")
    Path dataset;

    @Option(names = "--recs", required = true, paramLabel = "FILE", description = "CSV with columns user,item,rank.")
    Path recs;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "The cutoff (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--no-intervals", description = "Leave out the bootstrap 95% intervals (faster on very many users).")
    boolean noIntervals;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (k < 1) {
            throw new ParameterException(spec.commandLine(), "--k must be at least 1.");
        }
        if (!Files.isRegularFile(recs)) {
            throw new ParameterException(spec.commandLine(), "No recommendations file " + recs + ".");
        }
        Dataset d = DatasetLoader.load(dataset);
        Split split = Splits.leaveLastOut(d);
        Map<Integer, int[]> lists = readLists(d, recs);
        List<UserRecs> users = new ArrayList<>();
        int skipped = 0;
        for (var e : lists.entrySet()) {
            if (split.heldOut(e.getKey()).length == 0) {
                skipped++;
                continue;
            }
            users.add(SplitAdapter.recs(split, e.getKey(), e.getValue(), k));
        }
        MetricSuite suite = new MetricSuite(k, SplitAdapter.popularity(split), SplitAdapter.genres(d.items()));
        Map<String, Object> result = suite.evaluate(users);
        result.put("users_without_held_out", skipped);
        if (!noIntervals) {
            result.putAll(suite.intervals(users, 1000, seed));
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(result));
        } else {
            for (var e : result.entrySet()) {
                Object v = e.getValue();
                out.println(String.format(Locale.ROOT, "%-24s %s", e.getKey() + ":",
                        v instanceof Double x ? String.format(Locale.ROOT, "%.4f", x) : v));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    /** Each user's raw list (internal item ids by rank; -1 for an item not in the catalog), in file order of users. */
    static Map<Integer, int[]> readLists(Dataset d, Path file) throws IOException {
        Map<Integer, List<long[]>> rows = new LinkedHashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long line = 0;
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).get().parse(r)) {
                line++;
                if (line == 1 && rec.size() >= 3 && rec.get(0).equalsIgnoreCase("user")) {
                    continue;
                }
                if (rec.size() < 3) {
                    throw new IllegalArgumentException(file + " line " + rec.getRecordNumber() + ": expected user,item,rank");
                }
                int user = d.users().indexOf(rec.get(0));
                if (user < 0) {
                    throw new IllegalArgumentException(file + " line " + rec.getRecordNumber() + ": no user " + rec.get(0)
                            + " in the dataset");
                }
                long rank;
                try {
                    rank = Long.parseLong(rec.get(2));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + rec.getRecordNumber() + ": rank '" + rec.get(2)
                            + "' is not a whole number");
                }
                rows.computeIfAbsent(user, x -> new ArrayList<>()).add(new long[] {rank, d.items().indexOf(rec.get(1))});
            }
        }
        Map<Integer, int[]> lists = new LinkedHashMap<>();
        for (var e : rows.entrySet()) {
            List<long[]> l = e.getValue();
            l.sort((a, b) -> Long.compare(a[0], b[0]));
            lists.put(e.getKey(), l.stream().mapToInt(x -> (int) x[1]).toArray());
        }
        return lists;
    }
}
