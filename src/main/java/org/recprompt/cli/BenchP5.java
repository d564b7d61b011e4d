package org.recprompt.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import org.recprompt.base.FileTrees;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.lm.DjlRuntime;
import org.recprompt.lm.LmSettings;
import org.recprompt.lm.ModelTraining;
import org.recprompt.lm.Tokenisation;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt bench p5}: trains the default in-app language model (item tokens) on a dataset's
 * leave-last-out training split, as "Train model..." does, and reports training tokens per second,
 * the peak resident memory of the process (the PyTorch engine's memory is native, outside the
 * heap, so the heap alone would understate it), and full-catalog HR@10 against most-popular.
 * Targets (issue 12): under 5 minutes on 2 cores, peak memory under 2.5 GB, HR@10 at least 1.2 x
 * most-popular's.
 */
@Command(name = "p5", mixinStandardHelpOptions = true,
        description = {
            "Train the default P5-style model (item tokens) on --dataset and report tokens per second, peak memory",
            "(resident set) and full-catalog HR@10 against most-popular; targets: < 300 s, < 2,560 MB, >= 1.2 x."})
final class BenchP5 implements Callable<Integer> {

    static final double TARGET_SECONDS = 300;
    static final double TARGET_MB = 2560;
    static final double TARGET_RATIO = 1.2;

    @Option(names = "--dataset", paramLabel = "PATH", required = true, description = "The dataset folder (e.g. ../shared/datasets/ml-latest-small).")
    Path dataset;

    @Option(names = "--tokens", paramLabel = "item|word", defaultValue = "item", description = "Tokenisation (default: ${DEFAULT-VALUE}).")
    String tokens;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the model's default).")
    Integer epochs;

    @Option(names = "--time-budget", paramLabel = "SECONDS", description = "Stop training after this long (default: the model's default).")
    Integer budget;

    @Option(names = "--seed", paramLabel = "N", description = "Seed (default: the model's default).")
    Long seed;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak learning rate (default: the model's default).")
    Double learningRate;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout (default: the model's default).")
    Double dropout;

    @Option(names = "--out", paramLabel = "DIR", description = "Keep the trained model in this folder (default: a temporary one, deleted).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DjlRuntime.prepare(Path.of(System.getProperty("user.home"), ".djl.ai"));
        LmSettings s = LmSettings.defaults(Tokenisation.byId(tokens));
        if (epochs != null) {
            s = s.withEpochs(epochs);
        }
        if (budget != null) {
            s = s.withTimeBudget(budget);
        }
        if (seed != null) {
            s = s.withSeed(seed);
        }
        if (learningRate != null || dropout != null) {
            s = s.withOptimisation(learningRate == null ? s.learningRate() : learningRate, dropout == null ? s.dropout() : dropout);
        }
        boolean temporary = out == null;
        Path folder = temporary ? Files.createTempDirectory("recprompt-p5-").resolve("model") : out;
        var err = spec.commandLine().getErr();
        AtomicLong lastPrint = new AtomicLong();
        ProgressMonitor progress = new ProgressMonitor() {
            public void begin(long total) { }
            public void worked(long amount) { }
            public void message(String message) {
                long now = System.nanoTime();
                if (now - lastPrint.get() > 10_000_000_000L) {
                    lastPrint.set(now);
                    err.println(message);
                    err.flush();
                }
            }
            public boolean isCancelled() {
                return false;
            }
        };
        long t0 = System.nanoTime();
        try {
            ModelTraining.Outcome o = ModelTraining.run(dataset, folder, s, Clock.systemUTC(), progress);
            double total = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> r = report(o, total, peakRssMb());
            var w = spec.commandLine().getOut();
            if (json) {
                w.println(new ObjectMapper().writeValueAsString(r));
            } else {
                w.print(text(r));
            }
            w.flush();
            return ExitCode.OK;
        } finally {
            if (temporary) {
                FileTrees.delete(folder.getParent());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> report(ModelTraining.Outcome o, double totalSeconds, double peakMb) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tokenisation", o.manifest().settings().tokenisation().id());
        r.put("parameters", o.manifest().parameters());
        r.put("steps", o.result().steps());
        r.put("training_tokens", o.result().targetTokens());
        r.put("training_seconds", o.result().seconds());
        r.put("tokens_per_second", o.result().tokensPerSecond());
        r.put("total_seconds", totalSeconds);
        r.put("final_loss", o.result().finalLoss());
        r.put("stop", o.manifest().stop());
        r.put("peak_rss_mb", peakMb);
        r.put("load_average", loadAverage());
        Map<String, Object> full = (Map<String, Object>) o.metrics().get("full_catalog");
        if (full != null) {
            double model = ((Number) ((Map<String, Object>) full.get("model")).get("hr@10")).doubleValue();
            double pop = ((Number) ((Map<String, Object>) full.get("most_popular")).get("hr@10")).doubleValue();
            r.put("hr@10", model);
            r.put("most_popular_hr@10", pop);
            r.put("ratio", pop == 0 ? Double.NaN : model / pop);
            r.put("accuracy_within_target", pop > 0 && model / pop >= TARGET_RATIO);
        }
        r.put("candidates", o.metrics().get("candidates"));
        r.put("generation", o.metrics().get("generation"));
        r.put("time_within_target", totalSeconds < TARGET_SECONDS);
        r.put("memory_within_target", peakMb < TARGET_MB);
        return r;
    }

    static String text(Map<String, Object> r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "P5-style model (%s tokens), %,d parameters%n", r.get("tokenisation"), r.get("parameters")));
        s.append(String.format(Locale.ROOT, "training      %,d steps, %,d tokens in %.1f s: %,.0f tokens/s (stopped: %s), final loss %.3f%n",
                r.get("steps"), r.get("training_tokens"), r.get("training_seconds"), r.get("tokens_per_second"), r.get("stop"),
                r.get("final_loss")));
        s.append(String.format(Locale.ROOT, "total         %.1f s (target < %.0f s): %s%n", r.get("total_seconds"), TARGET_SECONDS,
                verdict(r.get("time_within_target"))));
        s.append(String.format(Locale.ROOT, "peak memory   %,.0f MB resident (target < %,.0f MB): %s%n", r.get("peak_rss_mb"),
                TARGET_MB, verdict(r.get("memory_within_target"))));
        if (r.containsKey("hr@10")) {
            s.append(String.format(Locale.ROOT, "full catalog  HR@10 %.4f vs most-popular %.4f: %.2f x (target >= %.1f x): %s%n",
                    r.get("hr@10"), r.get("most_popular_hr@10"), r.get("ratio"), TARGET_RATIO,
                    verdict(r.get("accuracy_within_target"))));
        }
        s.append("candidates    ").append(r.get("candidates")).append('\n');
        if (r.get("generation") != null) {
            s.append("generation    ").append(r.get("generation")).append('\n');
        }
        s.append("load average  ").append(r.get("load_average")).append('\n');
        return s.toString();
    }

    private static String verdict(Object ok) {
        return Boolean.TRUE.equals(ok) ? "PASS" : "FAIL";
    }

    /** The process's peak resident set (VmHWM), in MB; -1 where /proc is not there. */
    static double peakRssMb() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8);
            for (String l : lines) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
