package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.grounding.ParsedAnswer.Entry;

/**
 * Reads the entries out of a model's free-text answer, tolerating what real models write:
 * preambles and closing remarks, markdown, numbered ("1.", "1)", "#1", "(1)"), bulleted, plain
 * one-per-line or comma-separated lists, JSON arrays of strings or objects (fenced or not, cut
 * off or not), choice letters in their common forms ("(A)", "A", "Answer: B", "The answer index
 * is B", "**B**", "option C"), candidate indices ("[3]"), NIR's "watched - candidate" pairs,
 * trailing explanations, reasoning before the final list, and abstentions ("N/A", "neither",
 * "none of them", refusals). It does not consult the catalog: every entry carries the title
 * readings to try, best first, and the matcher picks. JSON ({@link JsonAnswers}), choices
 * ({@link ChoiceAnswers}), titles marked in prose ({@link ProseTitles}) and the explanation text
 * ({@link AnswerExplanations}) are read in their own classes.
 */
public final class AnswerParser {

    static final Pattern LIST_ITEM = Pattern.compile(
            "^(\\s*)(?:\\*\\*|__)?(?:(\\d{1,2})(?:\\s*[.):]|\\s+[-\u2013\u2014](?=\\s))|#\\s?(\\d{1,2})[.):]?|\\(#?(\\d{1,2})\\)|\\[(\\d{1,3})\\]|([-*\u2022\u00b7+\u2013]))(?:\\*\\*|__)?(?:\\s+|(?<=[.)])(?=[\\p{L}\"'\u201c*]))(.+)$");
    private static final Pattern BARE_INDEX = Pattern.compile("^(\\s*)\\[(\\d{1,3})\\]\\s*$");
    private static final Pattern CANDIDATE_INDEX = Pattern.compile("^\\[(\\d{1,3})\\]\\s*(.*)$");
    static final Pattern YEAR_CUT = Pattern.compile("^(.*?\\(\\d{4}\\))");
    private static final Pattern QUOTED = Pattern.compile("[\"\u201c\u201d*_]{1,2}([^\"\u201c\u201d*_]{2,}?)[\"\u201c\u201d*_]{1,2}(\\s*\\(\\d{4}\\))?");
    static final Pattern SEPARATORS = Pattern.compile(
            "\\s+[-\u2013\u2014]\\s+|\\s*\u2014\\s*|:\\s+|\\s+because\\b|\\s+\\(|,\\s+(?:which|a|an|the|this|it|as|where|with)\\s+|\\s+by\\s+|\\s+is\\s+|\\s+for\\s+(?:its|the|a)\\s+|\\s*;\\s*");
    private static final Pattern PAIR_SEPARATOR = Pattern.compile("\\s*\\|\\s*|\\s+[-\u2013\u2014]+>?\\s+|\\s*(?:->|=>|\u2192)\\s*|\\s+[-\u2013\u2014]\\s*|\\s*[-\u2013\u2014]\\s+");
    private static final Pattern DANGLING_PAIR = Pattern.compile("(?:\\s[-\u2013\u2014]+>?|->|=>|\u2192|\\||:)\\s*$");
    private static final Pattern YEAR = Pattern.compile("\\(\\d{4}\\)");
    static final Pattern LEADING_QUOTES = Pattern.compile("^[*_\"'\u201c\u201d\u2018\u2019]+");
    private static final Pattern CLOSING_QUOTES = Pattern.compile("[*_\"\u201c\u201d\u2018\u2019]+(?=\\s*(\\(\\d{4}\\))?\\s*$)");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\s.,;:!?*_\"\u201c\u201d]+$");
    private static final Pattern MARKDOWN_EDGES = Pattern.compile("^[*_>]+|[*_]+$");
    private static final Pattern LEADING_MARKDOWN = Pattern.compile("^[*_#>\\s]+");
    private static final Pattern CUT_YEAR = Pattern.compile("\\s*\\(\\d{0,3}$");
    private static final Pattern BARE_YEAR = Pattern.compile("^(.*\\D)\\s+((?:18|19|20)\\d\\d)$");

    static final Pattern ABSTAIN = Pattern.compile(
            "(?:^|[^a-z])(?:n/a|n\\.a\\.|neither|none of (?:them|these|those|the|both)|none\\b|no (?:suitable |good )?(?:recommendation|answer|preference|choice)|not applicable|cannot (?:decide|choose|determine)|can't (?:decide|choose|determine))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REFUSAL_START = Pattern.compile(
            "^\\W*(?:i'?m sorry|i am sorry|sorry\\b|i can(?:no|')t|i cannot|i'?m (?:not able|unable)|i am (?:not able|unable)|as an ai|unfortunately,? i|i (?:won't|will not|must decline))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REFUSAL_VERB = Pattern.compile(
            "\\b(?:can(?:no|['\u2019])t|unable|not able|won['\u2019]t|will not|decline|not (?:comfortable|possible)|as an ai)\\b.{0,80}?\\b(?:provide|recommend|help|assist|comply|fulfil|do that|answer|make|give|suggest|share|access|predict|personali[sz]|choose|pick|select|determine|browse|language model)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** A refusal: it starts like one ("I'm sorry", "I can't") and declines to do something. */
    static final class Refusal {
        static boolean in(String t) {
            return REFUSAL_START.matcher(t).find() && REFUSAL_VERB.matcher(t).find();
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("^(?:<[^>]*>.*|\\.\\.\\.|\u2026|\\[[a-z ]+\\].*)$");

    private AnswerParser() {
    }

    /**
     * Parses {@code text} expected in {@code format} (null: guess); {@code candidates} is the
     * number of candidates offered (0 when none), which bounds choice letters and indices.
     */
    public static ParsedAnswer parse(String text, AnswerFormat format, int candidates) {
        String t = text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (t.isEmpty()) {
            return ParsedAnswer.unparseable();
        }
        if (format == AnswerFormat.CHOICE) {
            return ChoiceAnswers.read(t, candidates);
        }
        if (Refusal.in(t) && t.lines().noneMatch(l -> LIST_ITEM.matcher(l).matches()) && !JsonAnswers.looksLikeJson(t)) {
            return ParsedAnswer.abstained();
        }
        boolean structured = t.lines().anyMatch(l -> LIST_ITEM.matcher(l).matches() || BARE_INDEX.matcher(l).matches());
        if (!structured && !JsonAnswers.looksLikeJson(t) && ABSTAIN.matcher(firstSentence(t)).find()) {
            return ParsedAnswer.abstained();
        }
        Blocks blocks = new Blocks();
        boolean jsonFirst = format == AnswerFormat.JSON || JsonAnswers.looksLikeJson(t);
        if (jsonFirst) {
            JsonAnswers.read(t).forEach(b -> blocks.add(b, false));
        }
        if (blocks.isEmpty()) {
            (format == AnswerFormat.PAIRS ? pairs(t, candidates) : list(t, candidates)).copyTo(blocks);
        }
        if (blocks.isEmpty() && !jsonFirst) {
            JsonAnswers.read(t).forEach(b -> blocks.add(b, false));
        }
        if (blocks.isEmpty()) {
            return abstains(t) ? ParsedAnswer.abstained() : ParsedAnswer.unparseable();
        }
        return ParsedAnswer.of(blocks.entries, blocks.loose);
    }

    /** Blocks of entries with their looseness, as the list readers collect them. */
    static final class Blocks {
        final List<List<Entry>> entries = new ArrayList<>();
        final List<Boolean> loose = new ArrayList<>();

        void add(List<Entry> block, boolean isLoose) {
            entries.add(block);
            loose.add(isLoose);
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        void copyTo(Blocks other) {
            for (int i = 0; i < entries.size(); i++) {
                other.add(entries.get(i), loose.get(i));
            }
        }
    }

    /** Whether the whole answer declines: a refusal, or "N/A", "neither", "none of them". */
    static boolean abstains(String text) {
        String first = firstSentence(text);
        return Refusal.in(text) || ABSTAIN.matcher(first).find()
                || text.length() < 80 && ABSTAIN.matcher(text).find();
    }

    static String firstSentence(String text) {
        String t = LEADING_MARKDOWN.matcher(text.strip()).replaceAll("");
        int end = t.length();
        for (String stop : new String[] {". ", ".\n", "\n", "! ", "? "}) {
            int i = t.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return t.substring(0, end);
    }

    // ----- lists --------------------------------------------------------------------------------

    private record Item(int indent, char type, int number, String text) {
    }

    static Blocks list(String t, int candidates) {
        List<Item> items = new ArrayList<>();
        for (String line : t.split("\n")) {
            Matcher bare = BARE_INDEX.matcher(line);
            if (bare.matches()) {
                items.add(new Item(bare.group(1).length(), 'R', Integer.parseInt(bare.group(2)), "[" + bare.group(2) + "]"));
                continue;
            }
            Matcher m = LIST_ITEM.matcher(line);
            if (m.matches()) {
                if (PLACEHOLDER.matcher(clean(m.group(7))).matches()) {
                    continue; // the prompt's format echoed back: "1. <movie title> (<year>)"
                }
                int indent = m.group(1).replace("\t", "    ").length();
                String n = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                if (m.group(5) != null) {
                    items.add(new Item(indent, 'R', Integer.parseInt(m.group(5)), "[" + m.group(5) + "] " + m.group(7)));
                } else if (n != null) {
                    items.add(new Item(indent, 'N', Integer.parseInt(n), m.group(7)));
                } else {
                    items.add(new Item(indent, 'B', 0, m.group(7)));
                }
            }
        }
        Blocks blocks = new Blocks();
        if (!items.isEmpty()) {
            List<Entry> block = new ArrayList<>();
            Item head = null;
            boolean sequential = true;
            int last = 0;
            for (Item it : items) {
                if (head != null && it.indent() > head.indent()) {
                    continue; // a sub-item: an explanation under an entry
                }
                // A new list starts when the marker changes, or when numbering that ran 1, 2, 3 ...
                // starts again at 1 (reasoning steps, then the answer). Numbers out of order
                // (candidate indices used as labels: "3. Coco", "7. WALL-E") stay one list.
                boolean restart = head == null || it.type() != head.type()
                        || it.type() == 'N' && it.number() == 1 && sequential && last >= 1;
                if (restart && !block.isEmpty()) {
                    blocks.add(block, false);
                    block = new ArrayList<>();
                }
                if (restart) {
                    head = it;
                    sequential = it.number() == 1;
                } else if (it.type() == 'N') {
                    sequential &= it.number() == last + 1;
                }
                last = it.number();
                block.add(entry(it.text(), -1));
            }
            if (!block.isEmpty()) {
                blocks.add(block, false);
            }
            return blocks;
        }
        // Without list markers the reading is open: several readings are offered as blocks and the
        // grounder keeps the one whose entries match best (the later one on a tie, so a single
        // title with commas, "Paris, Texas (1984)", beats its split).
        for (List<Entry> commas : commaSeparated(t)) {
            blocks.add(commas, true);
        }
        List<Entry> lines = plainLines(t);
        if (lines.size() >= 2) {
            blocks.add(lines, true);
        }
        if (t.indexOf('\n') < 0 && t.length() <= 300) {
            blocks.add(List.of(entry(t, -1)), true);
        } else if (lines.size() == 1) {
            blocks.add(lines, true);
        }
        List<Entry> quoted = ProseTitles.entries(t); // 'I recommend "Gone Girl" because ...'
        if (!quoted.isEmpty()) {
            blocks.add(quoted, true);
        }
        return blocks;
    }

    /** Splits at commas and semicolons outside parentheses. */
    private static List<String> splitOutsideParentheses(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if ((c == ',' || c == ';' || c == '|') && depth == 0) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }

    /** Lines without list markers that look like titles: short, not a sentence, not a heading. */
    private static List<Entry> plainLines(String t) {
        List<Entry> out = new ArrayList<>();
        for (String line : t.split("\n")) {
            String s = MARKDOWN_EDGES.matcher(line.strip()).replaceAll("").strip();
            if (s.isEmpty() || s.endsWith(":") || s.startsWith("#")) {
                continue;
            }
            int words = s.split(" ").length;
            char end = s.charAt(s.length() - 1);
            Matcher early = YEAR_CUT.matcher(s);
            boolean titleFirst = early.find() && early.group(1).split(" ").length <= 12;
            boolean sentence = (end == '.' || end == '!' || end == '?') && !YEAR.matcher(s).find() || words > 14;
            if (!sentence && (titleFirst || words <= 8) && !s.contains(", ") || titleFirst) {
                out.add(entry(s, -1));
            }
        }
        return out;
    }

    private static final Pattern ARTICLE_SEGMENT = Pattern.compile("^(?i)(the|a|an|le|la|les|il|el|der|die|das)(\\s*\\(\\d{4}\\))?$");

    /**
     * "Heat, Casino, Matrix, The (1999) and Se7en": the line with the most separators (commas,
     * semicolons, bars outside parentheses), read whole and, when it has one, after its first
     * colon ("My picks: Heat, Casino"), since a colon may also belong to a title ("The Godfather:
     * Part II, Casino").
     */
    private static List<List<Entry>> commaSeparated(String t) {
        String best = null;
        int bestCount = 1;
        for (String line : t.split("\n")) {
            String s = line.strip();
            int count = splitOutsideParentheses(s).size();
            if (count > bestCount) {
                best = s;
                bestCount = count;
            }
        }
        if (best == null) {
            return List.of();
        }
        List<List<Entry>> out = new ArrayList<>();
        List<Entry> whole = commaEntries(best);
        if (whole.size() >= 2) {
            out.add(whole);
        }
        int colon = best.indexOf(": ");
        if (colon >= 0 && colon < best.length() / 2) {
            List<Entry> after = commaEntries(best.substring(colon + 2));
            if (after.size() >= 2) {
                out.add(after);
            }
        }
        return out;
    }

    private static List<Entry> commaEntries(String line) {
        List<String> parts = new ArrayList<>();
        for (String p : splitOutsideParentheses(line)) {
            String part = p.strip();
            if (ARTICLE_SEGMENT.matcher(part).matches() && !parts.isEmpty()) {
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + ", " + part);
            } else if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        if (!parts.isEmpty()) {
            String lastPart = TRAILING_STOP.matcher(parts.get(parts.size() - 1)).replaceFirst("");
            String[] and = AND_SPLIT.split(lastPart, 2);
            parts.set(parts.size() - 1, LEADING_AND.matcher(and[0]).replaceFirst(""));
            if (and.length == 2) {
                parts.add(and[1]);
            }
            parts.set(0, LEADING_AND.matcher(parts.get(0)).replaceFirst(""));
        }
        if (!parts.isEmpty()) {
            parts.set(0, SUGGESTION.matcher(parts.get(0)).replaceFirst(""));
        }
        List<Entry> out = new ArrayList<>();
        for (String p : parts) {
            out.add(entry(p, -1));
        }
        return out;
    }

    /** "I'd suggest Heat, Casino and Fargo": the lead-in before a one-line list. */
    private static final Pattern SUGGESTION = Pattern.compile(
            "^(?i)(?:i'?d (?:suggest|recommend|go with|pick)|i (?:would |can )?(?:suggest|recommend)|you (?:might|may|could|should|would) (?:like|enjoy|try|watch|love)|try|how about|consider|watch)\\s+(?=\\S)");

    private static final Pattern TRAILING_STOP = Pattern.compile("[.!]+$");
    private static final Pattern AND_SPLIT = Pattern.compile("\\s+(?:and|&)\\s+(?=[A-Z0-9\"\u201c])");
    private static final Pattern LEADING_AND = Pattern.compile("^(?i)and\\s+");

    /** One entry's title readings: quoted span, up to the year, whole text, then prefixes at separators. */
    static Entry entry(String text, int candidate) {
        String raw = text.strip();
        String s = raw;
        Matcher ref = CANDIDATE_INDEX.matcher(s);
        if (ref.matches()) {
            candidate = Integer.parseInt(ref.group(1)) - 1;
            s = ref.group(2);
        }
        s = clean(s);
        Set<String> titles = new LinkedHashSet<>();
        Matcher q = QUOTED.matcher(s);
        if (q.find() && q.start() <= 2) {
            titles.add(clean(q.group(1) + (q.group(2) == null ? "" : q.group(2))));
        }
        Matcher y = YEAR_CUT.matcher(s);
        if (y.find()) {
            titles.add(clean(y.group(1)));
        }
        titles.add(s);
        Matcher cutYear = CUT_YEAR.matcher(s);
        if (cutYear.find() && cutYear.start() > 0) {
            titles.add(s.substring(0, cutYear.start())); // "Interstellar (20": cut off in the year
        }
        Matcher bareYear = BARE_YEAR.matcher(s);
        if (bareYear.matches()) {
            titles.add(bareYear.group(1) + " (" + bareYear.group(2) + ")");
        }
        int primary = titles.size();
        Matcher sep = SEPARATORS.matcher(s);
        List<String> prefixes = new ArrayList<>();
        while (sep.find()) {
            if (sep.start() > 0 && explains(sep.group(), s.substring(sep.end()))) {
                prefixes.add(clean(s.substring(0, sep.start())));
            }
        }
        for (int i = prefixes.size() - 1; i >= 0; i--) {
            titles.add(prefixes.get(i));
        }
        List<String> all = new ArrayList<>(titles);
        int blankWhole = (int) all.subList(0, Math.min(primary, all.size())).stream().filter(String::isBlank).count();
        all.removeIf(String::isBlank);
        return new Entry(raw, all, candidate, primary - blankWhole);
    }

    /**
     * The explanation an answer carries, as text (null when it has none): see {@link AnswerExplanations#of}.
     */
    public static String explanation(String text, boolean wholeAnswer) {
        return AnswerExplanations.of(text, wholeAnswer);
    }

    private static final java.util.Set<String> FUNCTION_WORDS = java.util.Set.of("a", "an", "the", "of", "and", "in", "on",
            "to", "for", "or", "at", "by", "de", "la", "le", "vs", "vs.");
    private static final Pattern PROSE_START = Pattern.compile("^(?:[a-z]|(?:A|An|The|This|It|Its|Because|Since|If|You|Your|Great|Perfect|Similar|Like|Another|Classic)\\s+(?:[a-z]|\\d))");

    /**
     * Whether the text after a separator is an explanation rather than the rest of the title:
     * "Heat - a tense crime film" is cut, "Star Wars: Episode IV - A New Hope" and "The Matrix:
     * Resurgence" are not.
     */
    static boolean explains(String separator, String rest) {
        String sep = separator.strip();
        if (sep.equals("because") || sep.startsWith(",") || sep.equals(";") || sep.equals("is")
                || sep.equals("by") || sep.startsWith("for")) {
            return true;
        }
        String r = rest.strip();
        if (r.isEmpty()) {
            return false;
        }
        if (YEAR.matcher(r).find() && !PROSE_START.matcher(r).find()) {
            return false; // the year closes the title: "Blade Runner: Origins (2019) - a prequel"
        }
        String[] words = r.split(" ");
        int lower = 0;
        int counted = 0;
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            if (w.length() > 3 || !FUNCTION_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
                counted++;
                if (Character.isLowerCase(w.charAt(0))) {
                    lower++;
                }
            }
        }
        boolean mostlyLowerCase = words.length >= 2 && counted > 0 && lower * 2 >= counted;
        boolean dash = sep.startsWith("-") || sep.startsWith("\u2013") || sep.startsWith("\u2014");
        // After a dash five words are a sentence; after a colon they may be a subtitle ("The Lord of
        // the Rings: The Fellowship of the Ring").
        return PROSE_START.matcher(r).find() || mostlyLowerCase || dash && words.length >= 5;
    }

    static final Pattern LABEL = Pattern.compile(
            "^(?i)(?:(?:a |the |my )?(?:recommended|recommendation|recommend|candidate|watched|pick|answer|suggestion)(?: movie| film| item| book| title)?|movie|film|title)\\s*[:=\\-\u2013]\\s*");

    /** Markdown, quotes, labels ("Recommended: "), list residue and trailing punctuation removed. */
    static String clean(String s) {
        String t = s.replace("**", "").replace("__", "").replace("`", "").strip();
        t = LABEL.matcher(t).replaceFirst("");
        t = LEADING_QUOTES.matcher(t).replaceAll("");
        t = CLOSING_QUOTES.matcher(t).replaceAll("");
        t = TRAILING_PUNCTUATION.matcher(t).replaceAll("");
        if (t.endsWith("'") && !t.endsWith("s'")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.strip();
    }

    // ----- pairs --------------------------------------------------------------------------------

    /** NIR's "watched - candidate" lines; each split point yields a reading of the candidate side. */
    static Blocks pairs(String t, int candidates) {
        Blocks blocks = list(t, candidates);
        if (blocks.loose.stream().allMatch(l -> l)) {
            List<Entry> lines = new ArrayList<>();
            for (String line : t.split("\n")) {
                if (PAIR_SEPARATOR.matcher(line.strip()).find()) {
                    lines.add(new Entry(line.strip(), List.of(line.strip()), -1));
                }
            }
            if (!lines.isEmpty()) {
                blocks.add(lines, true);
            }
        }
        Blocks out = new Blocks();
        for (int i = 0; i < blocks.entries.size(); i++) {
            List<Entry> b = new ArrayList<>();
            for (Entry e : blocks.entries.get(i)) {
                Entry pair = pairEntry(e.raw(), e.candidate());
                if (pair != null) {
                    b.add(pair);
                }
            }
            out.add(b, blocks.loose.get(i));
        }
        return out;
    }

    private static Entry pairEntry(String raw, int candidate) {
        String s = raw.replace("**", "").replace("`", "");
        if (DANGLING_PAIR.matcher(s).find()) {
            return null; // "Memento -": the candidate side is missing
        }
        Set<String> titles = new LinkedHashSet<>();
        Matcher m = PAIR_SEPARATOR.matcher(s);
        while (m.find()) {
            String right = s.substring(m.end());
            Entry e = entry(right, -1);
            titles.addAll(e.titles());
        }
        if (titles.isEmpty()) {
            Entry whole = entry(s, candidate);
            return new Entry(raw, whole.titles(), whole.candidate(), whole.primary());
        }
        titles.removeIf(String::isBlank);
        return new Entry(raw, new ArrayList<>(titles), candidate);
    }
}
