package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.recprompt.dataset.Items;
import org.recprompt.grounding.ParsedAnswer.Entry;

/**
 * Matches one parsed entry to a catalog item in stages and records which stage matched and how
 * sure it is:
 * <ol>
 * <li>a candidate named by letter or index ({@link Method#CANDIDATE_REFERENCE}) when the entry
 * gives no title that matches;</li>
 * <li>exact after normalisation ({@link Titles}): case, punctuation, accents, trailing articles,
 * roman numerals, aliases in parentheses; a title shared by several items is resolved by the year,
 * then by the candidates, else reported as {@link Method#AMBIGUOUS} (the earliest such item is
 * kept so the slot still counts, with the others listed); then a unique title's part before its
 * subtitle ({@link Method#SHORT_TITLE}, "Dr. Strangelove");</li>
 * <li>fuzzy among the candidates, then fuzzy over the catalog: normalised Levenshtein similarity
 * (commons-text) or token containment, never across different numbers ("Toy Story 2" is not
 * "Toy Story 3"), with separate thresholds; the catalog stage looks only at titles that share
 * character trigrams with the answer (an inverted index), so a 62k-item catalog is never scanned
 * per title;</li>
 * <li>semantic, when enabled: the nearest catalog title by MiniLM embedding above a cosine
 * threshold (candidates first).</li>
 * </ol>
 * Thread-safe after construction.
 */
public final class CatalogMatcher {

    /** Which stage matched. */
    public enum Method {
        CANDIDATE_REFERENCE, EXACT, EXACT_YEAR, EXACT_CANDIDATE, FUZZY_CANDIDATE, FUZZY, SEMANTIC_CANDIDATE, SEMANTIC,
        /** The unique catalog title a cut-off answer begins. */
        PREFIX,
        /** The part of a unique catalog title before its subtitle ("Dr. Strangelove"), or of one candidate's. */
        SHORT_TITLE,
        /** A title given with its author, matched among that author's books ("Invisible by Paul Auster"). */
        AUTHOR,
        /** A catalog title credited to someone who wrote none of its books: no item. */
        AUTHOR_MISMATCH, AMBIGUOUS, NONE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A match: the item index (-1 for none), the stage, the score in [0, 1], the title reading
     * that matched, and the other items an ambiguous title could be.
     */
    public record Match(int item, Method method, double score, String reading, int[] alternatives) {

        static final Match NONE = new Match(-1, Method.NONE, 0.0, "", new int[0]);

        public boolean matched() {
            return item >= 0;
        }
    }

    /**
     * Thresholds: catalog-wide and among-candidates fuzzy similarity, semantic cosine, and
     * whether the semantic stage runs at all.
     */
    public record Settings(double fuzzy, double candidateFuzzy, double semantic, boolean semanticEnabled) {

        public static final Settings DEFAULT = new Settings(0.85, 0.75, 0.90, false);

        public Settings {
            check("fuzzy", fuzzy);
            check("candidateFuzzy", candidateFuzzy);
            check("semantic", semantic);
        }

        private static void check(String name, double v) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException("grounding threshold " + name + " must be in (0, 1], was " + v);
            }
        }

        public Settings withSemantic(boolean enabled) {
            return new Settings(fuzzy, candidateFuzzy, semantic, enabled);
        }
    }

    /** Turns titles into unit-length embedding vectors (MiniLM in the application). */
    @FunctionalInterface
    public interface TitleEmbedder {
        float[][] embed(List<String> titles);
    }

    private static final int TOP = 25;
    /** Trigram counts per key, one buffer per thread, zeroed after each use. */
    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[0]);

    private final CatalogIndex index;
    private final Settings settings;
    private final TitleEmbedder embedder;
    private final String[] keys;
    private final int[][] keyItems;
    private final int[][] postings;
    private final int[] keyGrams;
    private final int commonGram;
    private final ShortTitles shortTitles;
    private final BylineMatcher bylines;
    private final Map<Integer, Integer> gramIds = new HashMap<>();
    private volatile float[][] embeddings;

    public CatalogMatcher(Items items) {
        this(items, Settings.DEFAULT, null);
    }

    /** {@code embedder} may be null when the semantic stage is off. */
    public CatalogMatcher(Items items, Settings settings, TitleEmbedder embedder) {
        if (settings.semanticEnabled() && embedder == null) {
            throw new IllegalArgumentException("the semantic grounding stage needs an embedding model");
        }
        this.index = new CatalogIndex(items);
        this.settings = settings;
        this.embedder = embedder;
        Map<String, int[]> all = index.keys();
        keys = all.keySet().stream().sorted().toArray(String[]::new);
        keyItems = new int[keys.length][];
        keyGrams = new int[keys.length];
        int[][] gramsOf = new int[keys.length][];
        int pairs = 0;
        for (int k = 0; k < keys.length; k++) {
            keyItems[k] = all.get(keys[k]);
            gramsOf[k] = grams(keys[k]);
            keyGrams[k] = gramsOf[k].length;
            pairs += gramsOf[k].length;
        }
        // the postings: every (trigram, key) pair packed in a long and sorted, so each trigram's keys come in
        // ascending order, without a boxed set or list per trigram (a few hundred thousand pairs for MovieLens)
        long[] packed = new long[pairs];
        int p = 0;
        for (int k = 0; k < keys.length; k++) {
            for (int g : gramsOf[k]) {
                packed[p++] = (long) g << 32 | k;
            }
        }
        Arrays.sort(packed);
        List<int[]> lists = new ArrayList<>();
        for (int from = 0; from < packed.length;) {
            int gram = (int) (packed[from] >>> 32);
            int to = from;
            while (to < packed.length && (int) (packed[to] >>> 32) == gram) {
                to++;
            }
            int[] ks = new int[to - from];
            for (int i = from; i < to; i++) {
                ks[i - from] = (int) packed[i];
            }
            gramIds.put(gram, lists.size());
            lists.add(ks);
            from = to;
        }
        postings = lists.toArray(int[][]::new);
        commonGram = Math.max(50, keys.length / 20);
        shortTitles = new ShortTitles(items, all.keySet());
        bylines = new BylineMatcher(index, new AuthorIndex(items), shortTitles, settings.candidateFuzzy());
    }

    public Items items() {
        return index.items();
    }

    /** The exact stage's index (the explanation checker scans text against it). */
    CatalogIndex index() {
        return index;
    }

    public Settings settings() {
        return settings;
    }

    /** The best match for the entry; {@code candidates} (may be empty) are the offered items in order. */
    public Match match(Entry entry, int[] candidates) {
        Match byline = bylines.match(entry, candidates);
        if (byline != null) {
            return byline;
        }
        List<List<String>> groups = List.of(entry.wholeReadings(), entry.cutReadings());
        for (int g = 0; g < groups.size(); g++) {
            List<String> readings = groups.get(g);
            Match exact = exact(readings, candidates);
            if (exact != null) {
                return exact;
            }
            for (String reading : readings) {
                String key = Titles.key(reading).text();
                int item = shortTitles.amongCandidates(key, candidates);
                if (item < 0) {
                    item = shortTitles.catalog(key);
                }
                if (item >= 0) {
                    return new Match(item, Method.SHORT_TITLE, 0.9, reading, new int[0]);
                }
            }
            if (g == 0 && entry.candidate() >= 0 && entry.candidate() < candidates.length) {
                return new Match(candidates[entry.candidate()], Method.CANDIDATE_REFERENCE, 1.0, entry.raw(), new int[0]);
            }
            if (candidates.length > 0) {
                Match m = fuzzyAmongCandidates(readings, candidates);
                if (m.matched()) {
                    return m;
                }
            }
            Match m = fuzzyCatalog(readings, candidates);
            if (m.matched()) {
                return m;
            }
        }
        if (settings.semanticEnabled() && !entry.titles().isEmpty()) {
            return semantic(entry.titles().get(0), candidates);
        }
        return Match.NONE;
    }

    /** The exact stage over some readings: the first unique match, else the first ambiguous one, else null. */
    private Match exact(List<String> readings, int[] candidates) {
        Match ambiguous = null;
        for (String reading : readings) {
            Optional<CatalogIndex.Match> m = index.exact(reading, candidates);
            if (m.isEmpty()) {
                String series = AltTitles.seriesReading(reading); // "The Hunger Games, Book 2"
                m = series == null ? m : index.exact(series, candidates);
            }
            if (m.isEmpty()) {
                continue;
            }
            CatalogIndex.Match x = m.get();
            if (x.item() >= 0) {
                Method method = switch (x.method()) {
                    case EXACT_WITH_YEAR -> Method.EXACT_YEAR;
                    case EXACT_AMONG_CANDIDATES -> Method.EXACT_CANDIDATE;
                    case EXACT -> contains(candidates, x.item()) ? Method.EXACT_CANDIDATE : Method.EXACT;
                };
                return new Match(x.item(), method, 1.0, reading, new int[0]);
            }
            if (ambiguous == null) {
                int[] alts = x.ambiguousWith().clone();
                Arrays.sort(alts);
                ambiguous = new Match(alts[0], Method.AMBIGUOUS, 0.5, reading, alts);
            }
        }
        return ambiguous;
    }

    /**
     * Whether {@code key} (normalised) is the beginning of a catalog title longer than it: a title
     * cut off mid-word by the token limit ("the shawsh").
     */
    public boolean isTitlePrefix(String key) {
        int i = Arrays.binarySearch(keys, key);
        int from = i >= 0 ? i + 1 : -i - 1;
        return from < keys.length && keys[from].startsWith(key) && keys[from].length() > key.length();
    }

    /**
     * The item whose title {@code reading} is the cut-off beginning of, when exactly one catalog
     * title begins with it ("Eternal Sunshine of the Spot"); {@link Method#PREFIX}, scored by the
     * share of the title given.
     */
    public Match uniquePrefix(String reading) {
        String key = Titles.key(reading).text();
        if (key.length() < 3) {
            return Match.NONE;
        }
        int i = Arrays.binarySearch(keys, key);
        int from = i >= 0 ? i : -i - 1;
        int found = -1;
        for (int k = from; k < keys.length && keys[k].startsWith(key); k++) {
            for (int item : keyItems[k]) {
                if (found >= 0 && found != item) {
                    return Match.NONE;
                }
                found = item;
            }
        }
        if (found < 0) {
            return Match.NONE;
        }
        double share = key.length() / (double) Math.max(key.length(), Titles.key(index.items().title(found)).text().length());
        return new Match(found, Method.PREFIX, share, reading, new int[0]);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * Years further apart than one cost three tenths of the score ("The Heat (2013)" is not "Heat
     * (1995)"); the same year adds a twentieth ("Jurrasic Park (1993)"); no year changes nothing.
     */
    private double withYear(double score, int answerYear, int item) {
        int y = index.items().year(item);
        if (answerYear <= 0 || y <= 0 || score <= 0) {
            return score;
        }
        return Math.abs(answerYear - y) > 1 ? score - 0.3 : answerYear == y ? Math.min(1.0, score + 0.05) : score;
    }

    private Match fuzzyAmongCandidates(List<String> readings, int[] candidates) {
        Match best = Match.NONE;
        for (String reading : readings) {
            Titles.Key key = Titles.key(reading);
            for (int c : candidates) {
                String title = index.items().title(c);
                double s = TitleSimilarity.similarity(key.text(), Titles.key(title).text());
                for (String alias : AltTitles.keys(index.items(), c)) {
                    s = Math.max(s, TitleSimilarity.similarity(key.text(), alias));
                }
                s = withYear(s, key.year(), c);
                if (s >= settings.candidateFuzzy() && s > best.score()) {
                    best = new Match(c, Method.FUZZY_CANDIDATE, s, reading, new int[0]);
                }
            }
        }
        return best;
    }

    private Match fuzzyCatalog(List<String> readings, int[] candidates) {
        Match best = Match.NONE;
        for (String reading : readings) {
            Titles.Key key = Titles.key(reading);
            if (key.text().length() < 3) {
                continue;
            }
            for (int k : nearKeys(key.text())) {
                double s = TitleSimilarity.similarity(key.text(), keys[k]);
                if (s < settings.fuzzy() - 0.1 || s <= best.score()) {
                    continue;
                }
                CatalogIndex.Match r = index.resolve(keyItems[k], key.year(), candidates, CatalogIndex.Method.EXACT);
                int item = r.item() >= 0 ? r.item() : Arrays.stream(keyItems[k]).min().orElse(-1);
                double scored = withYear(s, key.year(), item);
                if (scored >= settings.fuzzy() && scored > best.score()) {
                    best = r.item() >= 0 ? new Match(item, Method.FUZZY, scored, reading, new int[0])
                            : new Match(item, Method.AMBIGUOUS, scored / 2, reading, r.ambiguousWith());
                }
            }
        }
        return best;
    }

    /** Keys sharing the most character trigrams with {@code text}, best first (at most {@link #TOP}). */
    private int[] nearKeys(String text) {
        int[] grams = grams(text);
        int[] counts = COUNTS.get();
        if (counts.length < keys.length) {
            counts = new int[keys.length];
            COUNTS.set(counts);
        }
        int[] touched = new int[Math.min(keys.length, 4096)];
        int touchedSize = 0;
        int informative = 0;
        for (int g : grams) {
            Integer id = gramIds.get(g);
            if (id == null) {
                informative++;
                continue;
            }
            if (postings[id].length > commonGram) {
                continue; // " th", "the": in a large share of titles, they say little and cost much
            }
            informative++;
            for (int k : postings[id]) {
                if (counts[k]++ == 0) {
                    if (touchedSize == touched.length) {
                        touched = Arrays.copyOf(touched, Math.min(keys.length, touched.length * 2));
                    }
                    touched[touchedSize++] = k;
                }
            }
        }
        int need = Math.max(1, informative / 3);
        // Dice coefficient on trigram sets, packed with the key index for one primitive sort.
        long[] scored = new long[touchedSize];
        int n = 0;
        for (int t = 0; t < touchedSize; t++) {
            int k = touched[t];
            if (counts[k] >= need) {
                double dice = 2.0 * counts[k] / (grams.length + keyGrams[k]);
                scored[n++] = (long) ((1 - dice) * 1_000_000) << 32 | k;
            }
        }
        for (int t = 0; t < touchedSize; t++) {
            counts[touched[t]] = 0; // the per-thread buffer is left clean for the next title
        }
        Arrays.sort(scored, 0, n);
        int[] out = new int[Math.min(TOP, n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) scored[i];
        }
        return out;
    }

    /** Distinct character trigrams of " text " packed into ints. */
    private static int[] grams(String text) {
        String s = " " + text + " ";
        int n = Math.max(0, s.length() - 2);
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = (s.charAt(i) & 0x3ff) << 20 | (s.charAt(i + 1) & 0x3ff) << 10 | (s.charAt(i + 2) & 0x3ff);
        }
        Arrays.sort(g); // distinct, in ascending order
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || g[i] != g[distinct - 1]) {
                g[distinct++] = g[i];
            }
        }
        return distinct == n ? g : Arrays.copyOf(g, distinct);
    }

    // ----- semantic -----------------------------------------------------------------------------

    private float[][] embeddings() {
        float[][] e = embeddings;
        if (e == null) {
            synchronized (this) {
                e = embeddings;
                if (e == null) {
                    List<String> titles = new ArrayList<>(index.items().size());
                    for (int i = 0; i < index.items().size(); i++) {
                        String t = index.items().title(i);
                        titles.add(t == null ? "" : t);
                    }
                    e = embedder.embed(titles);
                    embeddings = e;
                }
            }
        }
        return e;
    }

    /**
     * The nearest title by cosine (the vectors are unit length, so a dot product), first among
     * the candidates, then over the whole catalog; numbers must agree as in the fuzzy stage.
     */
    private Match semantic(String reading, int[] candidates) {
        float[][] items = embeddings();
        float[] q = embedder.embed(List.of(reading))[0];
        String answerKey = Titles.key(reading).text();
        int best = -1;
        double bestScore = -1;
        for (int c : candidates) {
            double s = dot(q, items[c]);
            if (s > bestScore && TitleSimilarity.numbersAgree(answerKey, Titles.key(index.items().title(c)).text())) {
                best = c;
                bestScore = s;
            }
        }
        if (best >= 0 && bestScore >= settings.semantic()) {
            return new Match(best, Method.SEMANTIC_CANDIDATE, bestScore, reading, new int[0]);
        }
        best = -1;
        bestScore = -1;
        for (int i = 0; i < items.length; i++) {
            double s = dot(q, items[i]);
            if (s > bestScore && s >= settings.semantic()
                    && TitleSimilarity.numbersAgree(answerKey, Titles.key(index.items().title(i)).text())) {
                best = i;
                bestScore = s;
            }
        }
        return best >= 0 ? new Match(best, Method.SEMANTIC, bestScore, reading, new int[0]) : Match.NONE;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
