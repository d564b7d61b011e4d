package org.recprompt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.cli.DatasetCommand;
import org.recprompt.dataset.cli.SplitOptions;
import org.recprompt.dataset.split.Split;
import org.recprompt.metrics.SplitAdapter;
import org.recprompt.metrics.protocol.EvalInput;
import org.recprompt.metrics.protocol.Protocol;
import org.recprompt.metrics.protocol.ProtocolResult;
import org.recprompt.metrics.protocol.Protocols;
import org.recprompt.metrics.protocol.RecpromptProtocol;
import org.recprompt.metrics.protocol.Relevance;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt metrics --dataset PATH --recs FILE.csv [--k 10[,20...]] [--protocol recprompt|elliot|recbole]
 * [--relevance-threshold R] [--json]}: evaluates externally produced lists against the dataset's temporal
 * leave-last-out split, or a predefined split ({@code --train FILE --test FILE [--valid FILE]}, where
 * {@code --dataset} is optional: without it the catalog is the split files' items, ids as titles), under the
 * chosen evaluation convention ({@link Protocols}). The recs file has columns
 * user,item,rank (external ids, rank from 1; a header line is optional). A file without a data
 * row, a rank below 1, a rank a user already has, a line over 1 MB and bytes that are not UTF-8 are
 * errors naming the line. Items not in the catalog and repeated items are dropped by normalisation
 * and counted ({@code items_not_in_catalog}, {@code repeated_items}); ranks keep their positions: a
 * rank the file skips (1, 2, 5) is a gap holding no item, and the users with one are counted
 * ({@code rank_gaps}); users of the file without a
 * held-out item are skipped and counted. Every value is the mean over the evaluated users of the file.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Evaluate recommendation lists (CSV user,item,rank) against the leave-last-out split of a dataset,"
                + " or a predefined split (--train/--test).")
final class MetricsCommand implements Callable<Integer> {

    @Option(names = "--dataset", paramLabel = "PATH",
            description = "The dataset folder or file (optional with --train/--test: the catalog is then the split files' items).")
    Path dataset;

    @Mixin
    DatasetCommand.ReadOptions read = new DatasetCommand.ReadOptions();

    @Mixin
    SplitOptions splitFiles = new SplitOptions();

    @Option(names = "--recs", required = true, paramLabel = "FILE", description = "CSV with columns user,item,rank.")
    Path recs;

    @Option(names = "--scores", description = "The third column is a score (higher first, equal scores in file order), "
            + "not a rank: Elliot's and RecBole's user<TAB>item<TAB>score files.")
    boolean scores;

    @Option(names = "--k", paramLabel = "K[,K...]", split = ",", defaultValue = "10",
            description = "The cutoff, or several separated by commas (default: ${DEFAULT-VALUE}).")
    List<Integer> k;

    @Option(names = "--protocol", paramLabel = "NAME", defaultValue = Protocols.DEFAULT,
            description = "The evaluation convention: recprompt (default), elliot or recbole (docs/PROTOCOLS.md).")
    String protocol;

    @Option(names = "--relevance-threshold", paramLabel = "R",
            description = "Only test interactions rated at least R are relevant (default: every test interaction).")
    Double relevanceThreshold;

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
        int[] cutoffs = option("--k", () -> Protocols.cutoffs(k));
        Protocol convention = option("--protocol", () -> Protocols.of(protocol));
        Relevance relevance = option("--relevance-threshold",
                () -> relevanceThreshold == null ? Relevance.ALL : Relevance.atLeast(relevanceThreshold));
        if (!Files.isRegularFile(recs)) {
            throw new ParameterException(spec.commandLine(), "No recommendations file " + recs + ".");
        }
        if (dataset == null && !splitFiles.given()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--dataset=PATH' (or a predefined split: "
                    + "--train FILE --test FILE).");
        }
        Split split = dataset == null ? splitFiles.splitWithoutDataset(spec.commandLine())
                : splitFiles.split(read.load(dataset), spec.commandLine());
        Dataset d = split.dataset();
        int maxK = cutoffs[cutoffs.length - 1];
        RecommendationFile.Lists lists = RecommendationFile.read(d, recs, maxK, scores);
        EvalInput input = SplitAdapter.evalInput(split, lists.byUser(), relevance);
        ProtocolResult computed = convention.evaluate(input, cutoffs);
        Map<String, Object> result = new LinkedHashMap<>();
        result.putAll(computed.metrics());
        result.putAll(computed.counts());
        result.put("protocol", convention.id());
        result.put("relevance", relevance.describe());
        if (splitFiles.given()) {
            result.put("split", split.method());
        }
        result.put("rows", lists.rows());
        result.put("items_not_in_catalog", lists.notInCatalog());
        result.put("repeated_items", lists.repeatedItems());
        result.put("rank_gaps", lists.usersWithGaps());
        if (scores) {
            result.put("ranked_by", "score, highest first; equal scores in file order");
            result.put("score_ties", lists.scoreTies());
        }
        result.put("duplicates", splitFiles.given() ? "as given (a predefined split's rows are taken as the files hold them)"
                : d.duplicates().policy().id());
        long withoutList = computed.counts().getOrDefault("users_without_list", 0L);
        if (convention.id().equals("recbole") && withoutList > 0) {
            result.put("note", withoutList + " test users have no list and score 0 on every metric: RecBole averages every "
                    + "user with a test interaction (give --test a file of only the users you have lists for to leave the others out)");
        }
        if (!noIntervals && convention instanceof RecpromptProtocol own) {
            for (int cutoff : cutoffs) {
                Map<String, Object> intervals = own.intervals(input, cutoff, 1000, seed);
                for (var e : intervals.entrySet()) {
                    String key = e.getKey();
                    if (cutoffs.length > 1 && !key.substring(0, key.lastIndexOf('_')).contains("@")) {
                        int cut = key.lastIndexOf('_');
                        key = key.substring(0, cut) + "@" + cutoff + key.substring(cut);
                    }
                    result.putIfAbsent(key, e.getValue());
                }
            }
        }
        if (dataset == null) {
            // The split files carry no genres: a genre metric would be a number about nothing.
            result.keySet().removeIf(key -> key.startsWith("ild_genre") || key.startsWith("calibration_kl")
                    || key.startsWith("ild_too_short"));
            result.put("genres", "none: without --dataset the catalog is the split files' items (ids as titles), so "
                    + "ild_genre and calibration_kl are left out");
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

    /** The option's value, or a usage error naming the option. */
    private <T> T option(String name, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), name + ": " + e.getMessage() + ".");
        }
    }

}
