package org.recprompt.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.grounding.AnswerFormat;
import org.recprompt.grounding.CatalogMatcher;
import org.recprompt.grounding.GroundedAnswer;
import org.recprompt.grounding.Grounder;
import org.recprompt.grounding.GroundingInput;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench grounding}: grounds N answer titles against a dataset's catalog and reports titles
 * per second. The titles are drawn with a seed from the catalog and written the way models write
 * them: natural article order with or without the year (40%), exactly as the catalog spells them
 * (20%), lower case without punctuation (10%), with one typo (15%), and invented sequels or
 * subtitles that must not match (15%). Each title is grounded as a one-line answer (parsed, then
 * matched exact, then fuzzy); the share matched per kind is reported so a fast but wrong matcher shows.
 */
@Command(name = "grounding", mixinStandardHelpOptions = true,
        description = "Ground N titles against a dataset's catalog; titles per second (target: 100,000 in under 10 s).")
final class BenchGrounding implements Callable<Integer> {

    static final double TARGET_SECONDS = 10;

    @Option(names = "--dataset", required = true, paramLabel = "PATH", description = "The dataset (e.g. ml-latest-small).")
    Path dataset;

    @Option(names = "--titles", paramLabel = "N", defaultValue = "100000", description = "Titles to ground (default: ${DEFAULT-VALUE}).")
    int titles;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    enum Kind { NATURAL, CATALOG, LOWER, TYPO, INVENTED }

    record Title(String text, Kind kind, int item) {
    }

    @Override
    public Integer call() throws Exception {
        if (titles < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--titles must be at least 1.");
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Dataset d = DatasetLoader.load(dataset);
        long t0 = System.nanoTime();
        Grounder grounder = new Grounder(new CatalogMatcher(d.items()));
        double indexSeconds = (System.nanoTime() - t0) / 1e9;
        List<Title> input = generate(d, titles, seed);

        int[] found = new int[titles];
        long t1 = System.nanoTime();
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(workers);
        try {
            pool.submit(() -> IntStream.range(0, titles).parallel().forEach(n -> {
                GroundedAnswer a = grounder.ground(new GroundingInput(input.get(n).text(), false, AnswerFormat.LIST,
                        null, null, null, 0));
                found[n] = a.slots().size() == 1 ? a.slots().get(0).item() : -1;
            })).get();
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t1) / 1e9;

        Map<Kind, int[]> perKind = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            perKind.put(k, new int[2]);
        }
        for (int n = 0; n < titles; n++) {
            Title t = input.get(n);
            int[] c = perKind.get(t.kind());
            c[0]++;
            boolean right = t.kind() == Kind.INVENTED ? found[n] < 0 : found[n] >= 0 && d.items().title(found[n]) != null
                    && org.recprompt.grounding.Titles.key(d.items().title(found[n])).text()
                            .equals(org.recprompt.grounding.Titles.key(d.items().title(t.item())).text());
            if (right) {
                c[1]++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", d.name());
        m.put("catalog", d.items().size());
        m.put("titles", titles);
        m.put("threads", workers);
        m.put("index_seconds", Math.round(indexSeconds * 1000) / 1000.0);
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        m.put("titles_per_second", Math.round(titles / seconds));
        Map<String, Object> correct = new LinkedHashMap<>();
        perKind.forEach((k, c) -> correct.put(k.name().toLowerCase(Locale.ROOT), c[0] == 0 ? null : Math.round(1000.0 * c[1] / c[0]) / 1000.0));
        m.put("correct_share", correct);
        m.put("target_seconds", TARGET_SECONDS);
        m.put("within_target", seconds * 100_000.0 / titles < TARGET_SECONDS);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(m));
        } else {
            out.printf(Locale.ROOT, "%-18s %s (%,d items)%n", "catalog", d.name(), d.items().size());
            out.printf(Locale.ROOT, "%-18s %,d (seed %d), %d threads%n", "titles", titles, seed, workers);
            out.printf(Locale.ROOT, "%-18s %.3f s%n", "index", indexSeconds);
            out.printf(Locale.ROOT, "%-18s %.2f s%n", "ground", seconds);
            out.printf(Locale.ROOT, "%-18s %,.0f%n", "titles/second", titles / seconds);
            out.printf(Locale.ROOT, "%-18s %s%n", "correct share", correct);
            out.printf(Locale.ROOT, "%-18s 100,000 titles under %.0f s: %s%n", "target", TARGET_SECONDS,
                    (Boolean) m.get("within_target") ? "yes" : "NO");
        }
        out.flush();
        return 0;
    }

    static List<Title> generate(Dataset d, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Title> out = new ArrayList<>(n);
        int size = d.items().size();
        String[] inventions = {" Returns", " 2", ": The Awakening", " Reborn", ": Origins", " Part 7"};
        while (out.size() < n) {
            int item = r.nextInt(size);
            String catalog = d.items().title(item);
            if (catalog == null || catalog.isBlank()) {
                continue;
            }
            String natural = natural(catalog);
            int roll = r.nextInt(100);
            if (roll < 40) {
                out.add(new Title(r.nextBoolean() ? natural : natural.replaceFirst("\\s*\\(\\d{4}\\)$", ""), Kind.NATURAL, item));
            } else if (roll < 60) {
                out.add(new Title(catalog, Kind.CATALOG, item));
            } else if (roll < 70) {
                out.add(new Title(natural.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", ""), Kind.LOWER, item));
            } else if (roll < 85) {
                String bare = natural.replaceFirst("\\s*\\(\\d{4}\\)$", "");
                if (bare.length() < 12) {
                    continue; // a typo in a short title makes another word, not a misspelling
                }
                int at = 1 + r.nextInt(bare.length() - 2);
                out.add(new Title(bare.substring(0, at) + bare.substring(at + 1), Kind.TYPO, item));
            } else {
                // as a model invents them: the familiar title, without alternative titles, extended
                String bare = natural.replaceFirst("\\s*\\(\\d{4}\\)$", "").replaceAll("\\s*\\([^)]*\\)", "");
                out.add(new Title(bare + inventions[r.nextInt(inventions.length)], Kind.INVENTED, item));
            }
        }
        return out;
    }

    /** "Matrix, The (1999)" as people write it: "The Matrix (1999)". */
    static String natural(String catalog) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*?), (The|A|An)( \\(\\d{4}\\))?$").matcher(catalog.strip());
        return m.matches() ? m.group(2) + " " + m.group(1) + (m.group(3) == null ? "" : m.group(3)) : catalog.strip();
    }
}
