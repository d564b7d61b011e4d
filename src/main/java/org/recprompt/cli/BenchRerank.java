package org.recprompt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.recprompt.base.FileTrees;
import org.recprompt.report.RerankControl;
import org.recprompt.report.RunFolder;
import org.recprompt.report.StudyCharts;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench rerank}: how quickly the results view's beta/lambda control answers on a run of
 * U users x C candidates x V variants. It writes a seeded MovieLens-style dataset (1,000 items with
 * two genres each, skewed popularity, 40 ratings per user) and a run folder whose variants rank each
 * user's candidates in seeded orders, then times preparing the control once, a beta move (re-rank
 * every variant, measure, draw the sweep figure), a lambda move (the same with calibration), and the
 * two sweep curves. Each move is timed as the median of five; the target is a move within 1 s.
 */
@Command(name = "rerank", mixinStandardHelpOptions = true,
        description = "Time the results view's popularity/calibration control on a generated run (target: a slider move within 1 s).")
final class BenchRerank implements Callable<Integer> {

    static final double TARGET_SECONDS = 1.0;

    @Option(names = "--users", paramLabel = "N", defaultValue = "600", description = "Users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "20", description = "Candidates per user (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--variants", paramLabel = "N", defaultValue = "5", description = "Variants (default: ${DEFAULT-VALUE}).")
    int variants;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "The cutoff (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (users < 1 || candidates < 2 || candidates > 500 || variants < 1 || k < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--users and --variants must be at least 1, --candidates between 2 and 500, --k at least 1");
        }
        System.setProperty("java.awt.headless", "true");
        Path dir = Files.createTempDirectory("recprompt-bench-rerank");
        try {
            Path run = write(dir);
            long t0 = System.nanoTime();
            RerankControl control = RerankControl.of(RunFolder.open(run));
            double prepare = seconds(t0);
            if (!control.available()) {
                throw new IllegalStateException("the generated run cannot be re-ranked: " + control.reason());
            }
            t0 = System.nanoTime();
            List<RerankControl.Point> betaCurve = control.betaCurve(0);
            double betaCurveSeconds = seconds(t0);
            t0 = System.nanoTime();
            List<RerankControl.Point> lambdaCurve = control.lambdaCurve(0);
            double lambdaCurveSeconds = seconds(t0);
            double betaMove = median(() -> StudyCharts.popularitySweep(control, betaCurve, -0.5, 0, control.at(-0.5, 0)).svgDocument());
            double lambdaMove = median(() -> {
                control.at(-0.5, 0.5);
                return StudyCharts.calibrationSweep(control, lambdaCurve, 0, 0.5, control.at(0, 0.5)).svgDocument();
            });
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("users", users);
            m.put("candidates", candidates);
            m.put("variants", variants);
            m.put("k", k);
            m.put("prepare_seconds", prepare);
            m.put("beta_curve_seconds", betaCurveSeconds);
            m.put("lambda_curve_seconds", lambdaCurveSeconds);
            m.put("beta_move_seconds", betaMove);
            m.put("lambda_move_seconds", lambdaMove);
            m.put("target_seconds", TARGET_SECONDS);
            m.put("within_target", betaMove <= TARGET_SECONDS && lambdaMove <= TARGET_SECONDS);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(m));
            } else {
                out.printf(Locale.ROOT, "Re-ranking control: %d users x %d candidates x %d variants, K = %d%n", users, candidates, variants, k);
                out.printf(Locale.ROOT, "prepare (read the run and dataset, once)   %.3f s%n", prepare);
                out.printf(Locale.ROOT, "beta sweep curve (%d points, once)         %.3f s%n", RerankControl.BETAS.length, betaCurveSeconds);
                out.printf(Locale.ROOT, "lambda sweep curve (%d points, once)       %.3f s%n", RerankControl.LAMBDAS.length, lambdaCurveSeconds);
                out.printf(Locale.ROOT, "beta move (re-rank, measure, figure)       %.3f s%n", betaMove);
                out.printf(Locale.ROOT, "lambda move (both re-rankings, figure)     %.3f s%n", lambdaMove);
                out.printf(Locale.ROOT, "%s: a move within %.1f s%n", (boolean) m.get("within_target") ? "PASS" : "FAIL", TARGET_SECONDS);
            }
            out.flush();
            return 0;
        } finally {
            FileTrees.delete(dir);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(Supplier<Object> move) {
        double[] t = new double[5];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            move.get();
            t[i] = seconds(t0);
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    /** The dataset and the run folder; returns the run folder. */
    private Path write(Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int items = 1000;
        Path data = Files.createDirectories(dir.resolve("data"));
        String[] genres = {"Comedy", "Drama", "Action", "Horror", "Romance", "Sci-Fi", "War", "Crime"};
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        for (int m = 1; m <= items; m++) {
            movies.append(m).append(",Movie ").append(m).append(" (2000),").append(genres[m % 8]).append('|').append(genres[m / 8 % 8])
                    .append('\n');
        }
        Files.writeString(data.resolve("movies.csv"), movies);
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        int interactions = 0;
        List<Set<Integer>> rated = new ArrayList<>();
        for (int u = 1; u <= users; u++) {
            Set<Integer> s = new LinkedHashSet<>();
            while (s.size() < 40) {
                s.add(1 + (int) Math.min(items - 1, Math.abs(gaussian(random) * 200)));
            }
            rated.add(s);
            int t = 0;
            for (int m : s) {
                ratings.append(u).append(',').append(m).append(",4.0,").append(1000 + t++).append('\n');
                interactions++;
            }
        }
        Files.writeString(data.resolve("ratings.csv"), ratings);
        Path run = Files.createDirectories(dir.resolve("run"));
        ObjectMapper json = new ObjectMapper();
        List<Map<String, Object>> variantList = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            variantList.add(Map.of("id", "v" + v, "metrics", Map.of()));
        }
        Files.writeString(run.resolve(RunFolder.SUMMARY), json.writeValueAsString(Map.of("dataset", Map.of("path", data.toString(),
                "format", "movielens-csv", "interactions", interactions), "split", Map.of("method", "leave-last-out"), "k", List.of(k),
                "variants", variantList)));
        Files.writeString(run.resolve(RunFolder.METRICS_PER_USER), "variant,user\n");
        List<String> lines = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            for (int u = 1; u <= users; u++) {
                List<Integer> heldOutFirst = new ArrayList<>(rated.get(u - 1));
                int heldOut = heldOutFirst.get(heldOutFirst.size() - 1);
                List<String> c = new ArrayList<>(List.of(String.valueOf(heldOut)));
                while (c.size() < Math.min(candidates, items - 40)) {
                    int x = 1 + random.nextInt(items);
                    if (!rated.get(u - 1).contains(x) && !c.contains(String.valueOf(x))) {
                        c.add(String.valueOf(x));
                    }
                }
                java.util.Collections.shuffle(c, new java.util.Random(random.nextLong()));
                List<Map<String, Object>> slots = new ArrayList<>();
                for (int i = 0; i < c.size(); i++) {
                    slots.add(Map.of("slot", i + 1, "item_id", c.get(i), "outcome", "VALID"));
                }
                lines.add(json.writeValueAsString(Map.of("variant", "v" + v, "user", String.valueOf(u), "slots", slots, "candidates", c,
                        "relevant", List.of(String.valueOf(heldOut)))));
            }
        }
        Files.write(run.resolve(RunFolder.RESPONSES), lines);
        return run;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = Math.max(1e-12, r.nextDouble());
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
