package org.recprompt.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Domain;
import org.recprompt.dataset.split.CandidateSet;
import org.recprompt.dataset.split.Seeds;
import org.recprompt.dataset.split.Split;

/**
 * Builds the values a template renders with, following {@link Variables}. Everything taken from
 * the data (titles, genres, answers) is a value: the template engine never reads it as template
 * text. Users appear under a pseudonymous id unless {@link #realUserIds()} is asked for.
 */
public final class PromptContext {

    private final Split split;
    private final int user;
    private CandidateSet candidates;
    private Integer item;
    private int historyLimit;
    private boolean noHistory;
    private int[] appended = new int[0];
    private float[] appendedRatings = new float[0];
    private boolean recentFirst;
    private boolean realIds;
    private long pseudonymSalt = 0x5EEDL;
    /** The template's own domain (front matter {@code domain:}), or null for the dataset's. */
    private Domain templateDomain;
    private int k = 10;
    private List<Map<String, Object>> examples = List.of();
    private final Map<String, Object> steps = new LinkedHashMap<>();
    private Map<String, Object> sensitive;
    private int privacyLimit;
    private boolean genresOnly;
    private double replaceShare;
    private long replaceSeed;
    private int realHistoryShown = -1;
    /** The catalog's item fields computed once (a run's), or null: computed for each item shown. */
    private ItemTexts itemTexts;

    private PromptContext(Split split, int user) {
        this.split = split;
        this.user = user;
    }

    public static PromptContext of(Split split, int user) {
        return new PromptContext(split, user);
    }

    /**
     * Applies a template's own settings: K, order, history limit, and its domain when the front
     * matter names one ({@code domain: book}); otherwise the words are the dataset's domain's.
     */
    public PromptContext forTemplate(PromptTemplate.Meta meta) {
        this.k = meta.k();
        this.recentFirst = meta.recentFirst();
        this.historyLimit = meta.history();
        this.templateDomain = meta.domain() == null ? null : templateDomain(meta.domain());
        return this;
    }

    /** A template's named domain: a known one with its words, any other noun with an English plural. */
    static Domain templateDomain(String name) {
        Domain d = Domain.byName(name);
        return Domain.KNOWN.contains(d) ? d : new Domain(d.noun(), plural(d.noun()), d.verb());
    }

    /** The domain whose words the prompt uses: the template's when it names one, else the dataset's. */
    public Domain domain() {
        return templateDomain != null ? templateDomain : split.dataset().domain();
    }

    public PromptContext candidates(CandidateSet c) {
        this.candidates = c;
        return this;
    }

    /**
     * The item fields to show, computed once for the catalog ({@link ItemTexts}); a run renders
     * every user's prompt with the same ones. The prompt is the same with or without them.
     */
    public PromptContext itemTexts(ItemTexts texts) {
        if (texts.items() != split.dataset().items()) {
            throw new IllegalArgumentException("item texts of another catalog");
        }
        this.itemTexts = texts;
        return this;
    }

    /** The item in question (rating prediction, explanation, cold start, a scoring pair's item side). */
    public PromptContext item(int itemIndex) {
        this.item = itemIndex;
        return this;
    }

    /** Shows only the n most recent history items (0: all). */
    public PromptContext historyLimit(int n) {
        this.historyLimit = n;
        return this;
    }

    /**
     * Privacy: shows at most the n most recent history items (0: no cut), on top of
     * {@link #historyLimit}: the smaller of the two wins.
     */
    public PromptContext privacyHistory(int n) {
        this.privacyLimit = n;
        return this;
    }

    /** Privacy: each history item shows its genres ("Comedy/Drama") instead of its title and year. */
    public PromptContext genresOnly() {
        this.genresOnly = true;
        return this;
    }

    /** Shows no history at all (the zero-shot prompt of a cold-start curve): history is an empty list. */
    public PromptContext noHistory() {
        this.noHistory = true;
        return this;
    }

    /**
     * Privacy: round(share x shown) of the shown history items, chosen with the seed and the user's
     * id, are replaced by random catalog items the user never interacted with (their position and
     * rating stay).
     */
    public PromptContext replaceHistory(double share, long seed) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("the share of history items to replace is from 0 to 1, not " + share);
        }
        this.replaceShare = share;
        this.replaceSeed = seed;
        return this;
    }

    /**
     * How many of the user's real history titles the last {@link #build} put in the prompt: shown
     * items minus replaced ones, 0 with genres only (the privacy axis's "information sent").
     */
    public int realHistoryShown() {
        if (realHistoryShown < 0) {
            throw new IllegalStateException("build() first");
        }
        return realHistoryShown;
    }

    /**
     * Appends items after the training history, as the most recent ones (a feedback-loop simulation's
     * accepted recommendations), with their ratings (NaN: none, shown as ""). The history limit
     * applies to the combined history.
     */
    public PromptContext appendHistory(int[] items, float[] ratings) {
        if (items.length != ratings.length) {
            throw new IllegalArgumentException(items.length + " items but " + ratings.length + " ratings");
        }
        this.appended = items.clone();
        this.appendedRatings = ratings.clone();
        return this;
    }

    public PromptContext realUserIds() {
        this.realIds = true;
        return this;
    }

    public PromptContext pseudonymSalt(long salt) {
        this.pseudonymSalt = salt;
        return this;
    }

    public PromptContext examples(List<Map<String, Object>> renderedExamples) {
        this.examples = List.copyOf(renderedExamples);
        return this;
    }

    public PromptContext step(String name, String answer) {
        steps.put(name, answer);
        return this;
    }

    public PromptContext sensitive(String attribute, String value) {
        // a_value: the value with its article, so "old" reads "an old" where a template writes "I am {{a_value}} fan"
        this.sensitive = Map.of("attribute", attribute, "value", value, "a_value", DomainWords.withArticle(value));
        return this;
    }

    public Map<String, Object> build() {
        Dataset d = split.dataset();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", user(d, user));
        List<Map<String, Object>> history = history(d, user);
        m.put("history", history);
        m.put("history_titles", joined(history));
        m.put("history_size", history.size());
        Map<String, Object> last = history.stream()
                .filter(h -> Integer.valueOf(1).equals(h.get("recency"))).findFirst().orElse(Map.of());
        m.put("last", last);
        List<Map<String, Object>> cands = candidates == null ? List.of() : candidates(candidates.items());
        m.put("candidates", cands);
        m.put("candidate_titles", joined(cands));
        if (item != null) {
            m.put("item", itemFields(item));
        }
        m.put("examples", examples);
        m.put("steps", steps);
        m.put("sensitive", sensitive == null ? false : sensitive);
        DomainWords.of(domain()).putInto(m);
        org.recprompt.dataset.RatingScale scale = d.ratingScale();
        if (scale != null) {
            // Without ratings these stay undefined, so a template that states a scale fails naming them.
            m.put("rating_min", org.recprompt.dataset.RatingScale.text(scale.min()));
            m.put("rating_max", org.recprompt.dataset.RatingScale.text(scale.max()));
            m.put("rating_step", scale.step() == 0 ? "" : org.recprompt.dataset.RatingScale.text(scale.step()));
            m.put("rating_halves", scale.step() == 0.5f);
        }
        m.put("K", k);
        m.put("C", cands.size());
        return m;
    }

    /** The pseudonymous id of a user: stable for a salt, unrelated to the dataset's id. */
    public static String pseudonym(String userId, long salt) {
        return String.format(Locale.ROOT, "U%06x", Seeds.mix(salt, userId) & 0xFFFFFFL);
    }

    Map<String, Object> user(Dataset d, int u) {
        Map<String, Object> m = new LinkedHashMap<>();
        String id = d.users().id(u);
        m.put("id", realIds ? id : pseudonym(id, pseudonymSalt));
        Map<String, Object> attributes = new LinkedHashMap<>();
        d.users().attributes().keySet().stream().sorted().forEach(a -> {
            String v = d.users().attribute(a, u);
            if (v != null) {
                attributes.put(a, v);
                m.put(a, v);
            }
        });
        m.put("attributes", attributes);
        return m;
    }

    List<Map<String, Object>> history(Dataset d, int u) {
        if (noHistory) {
            realHistoryShown = 0;
            return new ArrayList<>();
        }
        int[] training = split.history(u);
        int[] items = java.util.Arrays.copyOf(training, training.length + appended.length);
        System.arraycopy(appended, 0, items, training.length, appended.length);
        float[] ratings = java.util.Arrays.copyOf(ratings(d, u, training.length), items.length);
        System.arraycopy(appendedRatings, 0, ratings, training.length, appended.length);
        int limit = historyLimit > 0 && privacyLimit > 0 ? Math.min(historyLimit, privacyLimit)
                : Math.max(historyLimit, privacyLimit);
        int from = limit > 0 ? Math.max(0, items.length - limit) : 0;
        List<Map<String, Object>> out = new ArrayList<>();
        int shown = items.length - from;
        int[] swapped = replacements(d, u, items, from);
        realHistoryShown = genresOnly ? 0 : shown - (int) java.util.Arrays.stream(swapped).filter(x -> x >= 0).count();
        for (int k = from; k < items.length; k++) {
            int it = swapped[k - from] >= 0 ? swapped[k - from] : items[k];
            Map<String, Object> h = itemFields(it);
            if (genresOnly) {
                String genres = String.join("/", d.items().genreNamesOf(it));
                h.put("title", genres.isEmpty() ? "(no genre)" : genres);
                h.put("name", h.get("title"));
                h.put("year", "");
                h.put("authors", "");
                h.put("has_authors", false);
                h.put("image", "");
                h.put("has_image", false);
            }
            float r = ratings[k];
            h.put("rating", Float.isNaN(r) ? "" : (r == Math.rint(r) ? String.valueOf((int) r) : String.valueOf(r)));
            h.put("position", k - from + 1);
            h.put("recency", shown - (k - from));
            out.add(h);
        }
        if (recentFirst) {
            java.util.Collections.reverse(out);
        }
        return out;
    }

    /** For each shown position, the replacing item, or -1 to keep the user's own. */
    private int[] replacements(Dataset d, int u, int[] items, int from) {
        int shown = items.length - from;
        int[] out = new int[shown];
        java.util.Arrays.fill(out, -1);
        int n = (int) Math.round(replaceShare * shown);
        if (n == 0) {
            return out;
        }
        java.util.Random random = Seeds.forKey(replaceSeed, "privacy-replace|" + d.users().id(u));
        int[] positions = new int[shown];
        for (int i = 0; i < shown; i++) {
            positions[i] = i;
        }
        Seeds.shuffle(positions, random);
        java.util.Set<Integer> own = new java.util.HashSet<>();
        for (int row : d.rowsOf(u)) {
            own.add(d.interactions().item(row));
        }
        int catalog = d.items().size();
        if (catalog - own.size() < n) {
            throw new IllegalArgumentException("the catalog has too few items the user never rated to replace " + n);
        }
        for (int i = 0; i < n; i++) {
            int pick;
            do {
                pick = random.nextInt(catalog);
            } while (!own.add(pick));
            out[positions[i]] = pick;
        }
        return out;
    }

    /** The ratings of the user's training rows, in the same time order as {@link Split#history}. */
    private float[] ratings(Dataset d, int u, int n) {
        int[] rows = d.rowsOf(u);
        float[] out = new float[n];
        int k = 0;
        for (int row : rows) {
            if (!split.isTest(row)) {
                out[k++] = d.interactions().rating(row);
            }
        }
        return out;
    }

    private List<Map<String, Object>> candidates(int[] shown) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 0; k < shown.length; k++) {
            Map<String, Object> c = itemFields(shown[k]);
            c.put("letter", letter(k));
            c.put("index", k + 1);
            out.add(c);
        }
        return out;
    }

    /** A, B, ..., Z, AA, AB, ... */
    public static String letter(int k) {
        StringBuilder s = new StringBuilder();
        int n = k;
        do {
            s.insert(0, (char) ('A' + n % 26));
            n = n / 26 - 1;
        } while (n >= 0);
        return s.toString();
    }

    /** An item's fields for a template: from the catalog's {@link ItemTexts} when given, else computed. */
    private Map<String, Object> itemFields(int i) {
        return itemTexts != null ? itemTexts.fields(i) : ItemTexts.of(split.dataset().items(), i);
    }

    static String joined(List<Map<String, Object>> items) {
        return String.join(", ", items.stream().map(m -> String.valueOf(m.get("title"))).toList());
    }

    static String plural(String noun) {
        if (noun.endsWith("y") && !noun.endsWith("ay") && !noun.endsWith("ey") && !noun.endsWith("oy")) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        return noun.endsWith("s") ? noun : noun + "s";
    }
}
