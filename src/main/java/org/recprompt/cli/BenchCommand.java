package org.recprompt.cli;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetFormat;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.metrics.MetricSuite;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.Popularity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt bench ...}: benchmarks, not timed tests. They measure and report; the verdict
 * is in the output and the exit code is 0 unless something failed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run benchmarks and report their measurements.",
        subcommands = {BenchCommand.DatasetLoad.class, BenchCommand.Metrics.class, BenchBackend.class, BenchGrounding.class,
            BenchP5.class, BenchRerank.class, BenchRateLimit.class, BenchFleet.class, BenchWorkers.class})
final class BenchCommand implements Callable<Integer> {

    /** The heap the dataset-load benchmark must stay under. */
    static final long TARGET_HEAP_MB = 2048;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a subcommand: dataset-load, metrics, backend, grounding, p5, rerank, fleet.");
    }

    @Command(name = "dataset-load", mixinStandardHelpOptions = true,
            description = {
                "Generate a dataset and load it: a MovieLens CSV dataset (ratings.csv, movies.csv) the size of",
                "ml-25m, or with --format amazon-2023 an Amazon Reviews 2023 layout (<Category>.jsonl.gz with review",
                "texts, meta_<Category>.jsonl.gz) of 10 million ratings; report rows per second and peak heap",
                "against a " + TARGET_HEAP_MB + " MB target.",
                "Check the target with: java -Xmx2g -jar recprompt.jar bench dataset-load [--format amazon-2023]"})
    static final class DatasetLoad implements Callable<Integer> {

        @Option(names = "--format", paramLabel = "NAME", defaultValue = "movielens-csv",
                description = "The layout to generate and load: movielens-csv (default) or amazon-2023.")
        String format;

        @Option(names = "--rows", paramLabel = "N",
                description = "Ratings to generate (default: 25,000,000 for movielens-csv, 10,000,000 for amazon-2023).")
        Long rows;

        @Option(names = "--users", paramLabel = "N",
                description = "Users (default: 162,541 as ml-25m; 4,000,000 for amazon-2023, whose users rate few products).")
        Integer users;

        @Option(names = "--items", paramLabel = "N",
                description = "Items (default: 62,423 as ml-25m; 500,000 products for amazon-2023).")
        Integer items;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
                description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "Write the generated files here and keep them (default: a temporary folder, deleted afterwards).")
        Path dir;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            boolean amazon = "amazon-2023".equals(format);
            if (!amazon && !"movielens-csv".equals(format)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format is movielens-csv or amazon-2023, not '"
                        + format + "'.");
            }
            long rows = this.rows != null ? this.rows : amazon ? 10_000_000L : 25_000_000L;
            int users = this.users != null ? this.users : amazon ? 4_000_000 : 162_541;
            int items = this.items != null ? this.items : amazon ? 500_000 : 62_423;
            if (rows < 1 || rows > Integer.MAX_VALUE - 8) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rows must be between 1 and " + (Integer.MAX_VALUE - 8) + ".");
            }
            if (users < 1 || items < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--users and --items must be at least 1.");
            }
            if (rows > (long) users * items) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--rows cannot exceed --users times --items (each user rates a movie at most once).");
            }
            boolean temporary = dir == null;
            Path folder = temporary ? Files.createTempDirectory("recprompt-bench-") : Files.createDirectories(dir);
            try {
                long t0 = System.nanoTime();
                if (amazon) {
                    Amazon2023Generator.write(folder, (int) rows, users, items, seed);
                } else {
                    MovieLensGenerator.write(folder, (int) rows, users, items, seed);
                }
                double generateSeconds = (System.nanoTime() - t0) / 1e9;

                HeapMeter meter = new HeapMeter();
                meter.start();
                long t1 = System.nanoTime();
                Dataset dataset;
                try {
                    dataset = DatasetLoader.load(folder, DatasetFormat.byId(format), null);
                } catch (OutOfMemoryError e) {
                    meter.stop();
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "The load ran out of heap after %.1f s with a maximum heap (-Xmx) of %,.0f MB: FAIL",
                            (System.nanoTime() - t1) / 1e9, mb(Runtime.getRuntime().maxMemory())));
                }
                double loadSeconds = (System.nanoTime() - t1) / 1e9;
                HeapMeter.Result heap = meter.stop();

                int loaded = dataset.interactions().size();
                if (loaded != rows) {
                    throw new IllegalStateException("The loader read " + loaded + " interactions but " + rows + " were generated.");
                }
                Report r = new Report(format, rows, dataset.users().size(), dataset.items().size(), generateSeconds, loadSeconds,
                        heap, Runtime.getRuntime().maxMemory());
                var out = spec.commandLine().getOut();
                if (json) {
                    out.println(new ObjectMapper().writeValueAsString(r.toJson()));
                } else {
                    out.print(r.toText(temporary ? null : folder));
                }
                out.flush();
                return ExitCode.OK;
            } finally {
                if (temporary) {
                    delete(folder);
                }
            }
        }

        private static void delete(Path folder) {
            try {
                for (String file : List.of(MovieLensGenerator.RATINGS, MovieLensGenerator.MOVIES, Amazon2023Generator.REVIEWS,
                        Amazon2023Generator.META)) {
                    Files.deleteIfExists(folder.resolve(file));
                }
                Files.deleteIfExists(folder);
            } catch (IOException e) {
                // A temporary folder left behind is not worth failing the benchmark for.
            }
        }
    }

    /** The time all metrics of {@code recprompt metrics} must take at the default size. */
    static final double TARGET_METRICS_SECONDS = 3.0;

    @Command(name = "metrics", mixinStandardHelpOptions = true,
            description = {
                "Generate seeded top-K lists (Zipf-like item popularity, 1-3 of 19 genres per item, a training",
                "history and one held-out item per user) and time every metric of the metrics command on them;",
                "report seconds and lists per second against a " + TARGET_METRICS_SECONDS + " s target",
                "(judged on the first, cold run; the metrics run on one thread)."})
    static final class Metrics implements Callable<Integer> {

        @Option(names = "--users", paramLabel = "N", defaultValue = "100000",
                description = "Users, one list each (default: ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--items", paramLabel = "N", defaultValue = "10000",
                description = "Catalog size (default: ${DEFAULT-VALUE}).")
        int items;

        @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "List length (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--history", paramLabel = "N", defaultValue = "20",
                description = "Training items per user (default: ${DEFAULT-VALUE}).")
        int history;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
                description = "Timed evaluations of the same lists (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
                description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (users < 1 || runs < 1 || k < 1 || history < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--users, --k, --history and --runs must be at least 1.");
            }
            if (items < k + history + 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--items must exceed --k plus --history.");
            }
            long t0 = System.nanoTime();
            Generated g = generate(users, items, k, history, seed);
            double generateSeconds = (System.nanoTime() - t0) / 1e9;

            MetricSuite suite = new MetricSuite(k, g.popularity(), g.genres());
            double[] seconds = new double[runs];
            Map<String, Object> values = null;
            for (int run = 0; run < runs; run++) {
                long t1 = System.nanoTime();
                values = suite.evaluate(g.recs());
                seconds[run] = (System.nanoTime() - t1) / 1e9;
            }
            double first = seconds[0];
            double best = Arrays.stream(seconds).min().orElseThrow();
            boolean pass = first < TARGET_METRICS_SECONDS;

            Map<String, Object> m = new LinkedHashMap<>();
            m.put("users", users);
            m.put("items", items);
            m.put("k", k);
            m.put("seed", seed);
            List<String> names = values.keySet().stream().filter(x -> !x.equals("n_users") && !x.equals("ild_too_short")).toList();
            m.put("metrics", names);
            m.put("generate_seconds", round(generateSeconds, 3));
            m.put("seconds", round(first, 3));
            m.put("lists_per_second", Math.round(first > 0 ? users / first : 0));
            m.put("best_seconds", round(best, 3));
            m.put("runs", Arrays.stream(seconds).map(x -> round(x, 3)).boxed().toList());
            m.put("processors", Runtime.getRuntime().availableProcessors());
            m.put("target_seconds", TARGET_METRICS_SECONDS);
            m.put("within_target", pass);
            m.put("ndcg", values.get("ndcg@" + k));
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(m));
            } else {
                StringBuilder s = new StringBuilder();
                line(s, "lists", String.format(Locale.ROOT, "%,d users x top-%d over %,d items (seed %d)", users, k, items, seed));
                line(s, "metrics", String.join(", ", names));
                line(s, "generate", String.format(Locale.ROOT, "%.2f s", generateSeconds));
                line(s, "evaluate", String.format(Locale.ROOT, "%.3f s first run, %.3f s best of %d", first, best, runs));
                line(s, "lists/second", String.format(Locale.ROOT, "%,.0f (first run)", first > 0 ? users / first : 0));
                line(s, "processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
                line(s, "target", String.format(Locale.ROOT, "first run under %.0f s: %s", TARGET_METRICS_SECONDS,
                        pass ? "PASS" : "FAIL"));
                out.print(s);
            }
            out.flush();
            return ExitCode.OK;
        }

        private static void line(StringBuilder s, String label, String value) {
            s.append(String.format(Locale.ROOT, "%-13s %s%n", label + ":", value));
        }

        /** The generated evaluation input. */
        record Generated(List<UserRecs> recs, Popularity popularity, Genres genres) {
        }

        /**
         * Items are drawn with Zipf-like weights 1 / rank (rank = item index + 1). Each user gets
         * {@code history} distinct training items, one held-out item not among them and a list of k
         * distinct items. pop(i) counts the users with i in their history.
         */
        static Generated generate(int users, int items, int k, int history, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] cumulative = new double[items];
            double total = 0;
            for (int i = 0; i < items; i++) {
                total += 1.0 / (i + 1);
                cumulative[i] = total;
            }
            int[][] genreOf = new int[items][];
            for (int i = 0; i < items; i++) {
                int count = 1 + random.nextInt(3);
                int first = random.nextInt(19);
                genreOf[i] = new int[count];
                for (int g = 0; g < count; g++) {
                    genreOf[i][g] = (first + 5 * g) % 19;
                }
            }
            int[] pop = new int[items];
            int[][] histories = new int[users][];
            int[] heldOut = new int[users];
            int[][] lists = new int[users][];
            Set<Integer> seen = new HashSet<>();
            for (int u = 0; u < users; u++) {
                seen.clear();
                histories[u] = distinct(random, cumulative, total, history, seen);
                for (int i : histories[u]) {
                    pop[i]++;
                }
                heldOut[u] = distinct(random, cumulative, total, 1, seen)[0];
                seen.clear();
                lists[u] = distinct(random, cumulative, total, k, seen);
            }
            List<UserRecs> recs = new ArrayList<>(users);
            for (int u = 0; u < users; u++) {
                recs.add(new UserRecs(u, RankedList.of(lists[u], items), new int[] {heldOut[u]}, histories[u]));
            }
            return new Generated(recs, Popularity.ofUsers(pop, users), new Genres(genreOf, 19));
        }

        private static int[] distinct(SplittableRandom random, double[] cumulative, double total, int n, Set<Integer> seen) {
            int[] out = new int[n];
            int m = 0;
            while (m < n) {
                int i = Arrays.binarySearch(cumulative, random.nextDouble() * total);
                int item = Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
                if (seen.add(item)) {
                    out[m++] = item;
                }
            }
            return out;
        }
    }

    /** What the dataset-load benchmark measured. */
    record Report(String format, long rows, int users, int items, double generateSeconds, double loadSeconds, HeapMeter.Result heap,
                  long maxHeapBytes) {

        double rowsPerSecond() {
            return loadSeconds > 0 ? rows / loadSeconds : 0;
        }

        double heapBytesPerRow() {
            return Math.max(0, heap.peakBytes() - heap.baselineBytes()) / (double) rows;
        }

        boolean withinTarget() {
            return heap.peakBytes() <= TARGET_HEAP_MB * MB;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", format);
            m.put("rows", rows);
            m.put("users", users);
            m.put("items", items);
            m.put("generate_seconds", round(generateSeconds, 3));
            m.put("load_seconds", round(loadSeconds, 3));
            m.put("rows_per_second", Math.round(rowsPerSecond()));
            m.put("baseline_heap_mb", round(mb(heap.baselineBytes()), 1));
            m.put("peak_heap_mb", round(mb(heap.peakBytes()), 1));
            m.put("peak_heap_sampled_mb", round(mb(heap.sampledPeakBytes()), 1));
            m.put("peak_heap_pools_mb", round(mb(heap.poolPeakBytes()), 1));
            m.put("peak_heap_live_mb", round(mb(heap.liveAfterGcBytes()), 1));
            m.put("max_heap_mb", round(mb(maxHeapBytes), 1));
            m.put("heap_bytes_per_row", round(heapBytesPerRow(), 1));
            m.put("target_heap_mb", TARGET_HEAP_MB);
            m.put("within_target", withinTarget());
            return m;
        }

        String toText(Path kept) {
            StringBuilder s = new StringBuilder();
            line(s, "format", format);
            line(s, "rows", String.format(Locale.ROOT, "%,d (%,d users, %,d items)", rows, users, items));
            line(s, "generate", String.format(Locale.ROOT, "%.2f s", generateSeconds));
            line(s, "load", String.format(Locale.ROOT, "%.2f s", loadSeconds));
            line(s, "rows/second", String.format(Locale.ROOT, "%,.0f", rowsPerSecond()));
            line(s, "heap before load", String.format(Locale.ROOT, "%,.1f MB", mb(heap.baselineBytes())));
            line(s, "peak heap", String.format(Locale.ROOT, "%,.1f MB (sampled and at collections %,.1f MB, pool peaks %,.1f MB)",
                    mb(heap.peakBytes()), mb(heap.sampledPeakBytes()), mb(heap.poolPeakBytes())));
            line(s, "peak live heap", String.format(Locale.ROOT, "%,.1f MB (most heap used just after a collection)",
                    mb(heap.liveAfterGcBytes())));
            line(s, "max heap (-Xmx)", String.format(Locale.ROOT, "%,.1f MB", mb(maxHeapBytes)));
            line(s, "heap bytes/row", String.format(Locale.ROOT, "%.1f", heapBytesPerRow()));
            line(s, "target", String.format(Locale.ROOT, "peak heap under %,d MB: %s", TARGET_HEAP_MB,
                    withinTarget() ? "PASS" : "FAIL"));
            if (maxHeapBytes > TARGET_HEAP_MB * MB) {
                s.append("note: the maximum heap exceeds the target, so the collector may let the heap grow past it;\n")
                        .append("      run with -Xmx2g to check that the load fits.\n");
            }
            if (kept != null) {
                line(s, "files", kept.toString());
            }
            return s.toString();
        }

        private static void line(StringBuilder s, String label, String value) {
            s.append(String.format(Locale.ROOT, "%-17s %s%n", label + ":", value));
        }
    }

    static final long MB = 1024L * 1024L;

    static double mb(long bytes) {
        return bytes / (double) MB;
    }

    static double round(double v, int places) {
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }

    /**
     * Peak heap used while something runs, from three sources: a daemon thread samples
     * {@code totalMemory - freeMemory} every 20 ms; every garbage collection reports the heap used
     * just before it (the heap's local maxima, which sampling can miss); and the heap memory pools'
     * peak usage, reset at the start, is summed. The per-pool peaks may fall at different moments,
     * so their sum can only overstate the peak (it can even exceed the maximum heap, so it is capped
     * there): reporting the largest source is conservative.
     * The largest heap used just after a collection (the live data, roughly) is tracked too.
     */
    static final class HeapMeter {

        /**
         * The measurements. The peak is the larger of the sampled peak and the sum of the pools'
         * peaks, the latter capped at the maximum heap: heap used cannot exceed it, while per-pool
         * peaks reached at different moments can add up to more.
         */
        record Result(long baselineBytes, long sampledPeakBytes, long poolPeakBytes, long liveAfterGcBytes,
                      long maxHeapBytes) {
            long peakBytes() {
                return Math.max(sampledPeakBytes, Math.min(poolPeakBytes, maxHeapBytes));
            }
        }

        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong live = new AtomicLong();
        private final List<MemoryPoolMXBean> pools = new ArrayList<>();
        private final Set<String> heapPoolNames = new HashSet<>();
        private final List<NotificationEmitter> emitters = new ArrayList<>();
        private final NotificationListener onGc = this::collected;
        private volatile boolean running;
        private Thread sampler;
        private long baseline;

        void start() {
            System.gc();
            System.gc();
            baseline = used();
            peak.set(baseline);
            live.set(baseline);
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                    pools.add(pool);
                    heapPoolNames.add(pool.getName());
                    pool.resetPeakUsage();
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(onGc, null, null);
                    emitters.add(emitter);
                }
            }
            running = true;
            sampler = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        Result stop() throws InterruptedException {
            sample();
            running = false;
            sampler.interrupt();
            sampler.join();
            Thread.sleep(100); // GC notifications arrive on another thread, shortly after the collection
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(onGc);
                } catch (ListenerNotFoundException e) {
                    // already gone
                }
            }
            long poolPeak = 0;
            for (MemoryPoolMXBean pool : pools) {
                poolPeak += pool.getPeakUsage().getUsed();
            }
            return new Result(baseline, peak.get(), poolPeak, live.get(), Runtime.getRuntime().maxMemory());
        }

        private void collected(Notification n, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
            long before = heapUsed(info.getMemoryUsageBeforeGc());
            long after = heapUsed(info.getMemoryUsageAfterGc());
            peak.accumulateAndGet(before, Math::max);
            live.accumulateAndGet(after, Math::max);
        }

        private long heapUsed(Map<String, MemoryUsage> usage) {
            long sum = 0;
            for (Map.Entry<String, MemoryUsage> e : usage.entrySet()) {
                if (heapPoolNames.contains(e.getKey())) {
                    sum += e.getValue().getUsed();
                }
            }
            return sum;
        }

        private void sample() {
            peak.accumulateAndGet(used(), Math::max);
        }

        private static long used() {
            Runtime rt = Runtime.getRuntime();
            return rt.totalMemory() - rt.freeMemory();
        }
    }
}
