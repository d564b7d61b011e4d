package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an explanation against the user's history (docs/GROUNDING.md, "Explanations"): which
 * titles it cites, and for each whether the user watched it ({@link Kind#HISTORY}), whether it is
 * an item the answer is about (a candidate, a recommended item or the item being explained:
 * {@link Kind#RECOMMENDED}, no claim about the history), or whether it is invented: a catalog item
 * the user never watched ({@link Kind#INVENTED}) or a title in no catalog ({@link Kind#UNKNOWN}).
 * Also its length in words and its unique-sentence ratio.
 * <p>
 * Titles are found three ways. Marked spans ("quoted", *emphasised*, a title followed by its
 * "(year)") go through the {@link CatalogMatcher} (exact, then fuzzy), and a marked span that matches
 * nothing and reads like a title (a capital first letter, at most 12 words) is UNKNOWN. Unmarked
 * text is scanned for the longest run of capitalised words (function words may be lower case) whose
 * normalised form is exactly a catalog title; a one-word run counts only when it names an item of the
 * history or of the answer ("Heat" in "the heat of the chase" is lower case; "Heat" at the start of a
 * sentence is taken only when the user watched Heat), so unmarked invented titles are found only
 * when they are two words or more. Unmarked titles that are in no catalog cannot be told from prose.
 */
public final class ExplanationChecker {

    /** What a cited title is. */
    public enum Kind { HISTORY, RECOMMENDED, INVENTED, UNKNOWN }

    /**
     * One cited title: its characters [start, end) in the explanation, the text, the item (-1 for
     * UNKNOWN) and what it is.
     */
    public record Citation(int start, int end, String text, int item, Kind kind) {
    }

    /**
     * An explanation checked: its text, the citations in text order, and words, sentences and
     * distinct sentences (lower-cased, punctuation and spacing ignored).
     */
    public record Check(String text, List<Citation> citations, int words, int sentences, int uniqueSentences) {

        public Check {
            citations = List.copyOf(citations);
        }

        /** Distinct items (or distinct texts, for UNKNOWN) of one kind. */
        public int count(Kind kind) {
            Set<String> distinct = new HashSet<>();
            for (Citation c : citations) {
                if (c.kind() == kind) {
                    distinct.add(c.item() >= 0 ? "#" + c.item() : Titles.normalise(c.text()));
                }
            }
            return distinct.size();
        }

        /** History claims: the cited titles that are said to be watched (HISTORY, INVENTED, UNKNOWN), distinct. */
        public int claims() {
            return count(Kind.HISTORY) + count(Kind.INVENTED) + count(Kind.UNKNOWN);
        }

        /** (INVENTED + UNKNOWN) / (HISTORY + INVENTED + UNKNOWN), distinct titles; NaN when it cites no history. */
        public double inventedRate() {
            int claims = claims();
            return claims == 0 ? Double.NaN : (count(Kind.INVENTED) + count(Kind.UNKNOWN)) / (double) claims;
        }

        /** Distinct sentences / sentences; NaN for an explanation without a sentence. */
        public double uniqueSentenceRatio() {
            return sentences == 0 ? Double.NaN : uniqueSentences / (double) sentences;
        }
    }

    private static final Pattern MARKED = Pattern.compile(
            "\"([^\"\\n]{2,120})\"|\u201c([^\u201d\\n]{2,120})\u201d|\\*\\*([^*\\n]{2,120})\\*\\*|(?<![*\\w])\\*([^*\\n]{2,120})\\*(?![*\\w])|(?<!\\w)_([^_\\n]{2,120})_(?!\\w)");
    private static final Pattern YEAR = Pattern.compile("\\s?\\((\\d{4})\\)");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'\u2019&.:-]*");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])[\"'\u201d\u2019)]*\\s+|\\n+");
    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "of", "and", "in", "on", "to", "for", "or", "at",
            "by", "with", "from", "de", "la", "le", "vs", "vs.", "is", "it", "&");
    private static final int MAX_TITLE_WORDS = 12;

    private final CatalogMatcher matcher;
    private final Map<String, int[]> titles;

    public ExplanationChecker(CatalogMatcher matcher) {
        this.matcher = matcher;
        this.titles = matcher.index().keys();
    }

    /**
     * Checks {@code explanation} (null or blank: nothing cited, no words) for a user with this
     * training {@code history}; {@code about} are the items the answer is about (candidates shown,
     * items recommended, the item explained), which are cited without a claim about the history.
     * Item arguments are catalog indices.
     */
    public Check check(String explanation, int[] history, int[] about) {
        String text = explanation == null ? "" : explanation;
        Set<Integer> watched = set(history);
        Set<Integer> answer = set(about);
        List<Citation> out = new ArrayList<>();
        boolean[] taken = new boolean[text.length()];
        marked(text, watched, answer, out, taken);
        yearMarked(text, watched, answer, out, taken);
        unmarked(text, watched, answer, out, taken);
        out.sort(java.util.Comparator.comparingInt(Citation::start));
        List<String> sentences = sentences(text);
        return new Check(text, out, words(text), sentences.size(), new LinkedHashSet<>(sentences).size());
    }

    private void marked(String text, Set<Integer> watched, Set<Integer> answer, List<Citation> out, boolean[] taken) {
        Matcher m = MARKED.matcher(text);
        while (m.find()) {
            int g = 1;
            while (m.group(g) == null) {
                g++;
            }
            int start = m.start(g);
            int end = m.end(g);
            Matcher year = YEAR.matcher(text).region(m.end(), text.length());
            if (year.lookingAt()) {
                end = year.end(); // "Heat" (1995): the year belongs to the title
            }
            String span = text.substring(start, end).strip();
            if (!Character.isUpperCase(span.codePointAt(0)) && !Character.isDigit(span.codePointAt(0))
                    || contentWords(span) > MAX_TITLE_WORDS) {
                continue; // an emphasised or quoted phrase, not a title
            }
            CatalogMatcher.Match match = matcher.match(AnswerParser.entry(span, -1), ints(answer));
            int item = match.matched() ? pick(match, watched, answer) : -1;
            add(out, taken, start, end, text, item, item < 0 ? Kind.UNKNOWN : kind(item, watched, answer));
        }
    }

    /** "Heat (1995)" without quotes: the longest capitalised run before the year that is a catalog title with that year. */
    private void yearMarked(String text, Set<Integer> watched, Set<Integer> answer, List<Citation> out, boolean[] taken) {
        Matcher y = YEAR.matcher(text);
        while (y.find()) {
            if (taken[Math.min(y.start(1), text.length() - 1)]) {
                continue;
            }
            List<int[]> words = wordsBefore(text, y.start());
            if (words.isEmpty()) {
                continue;
            }
            int bestStart = -1;
            int bestItem = -1;
            for (int w = 0; w < words.size(); w++) {
                int start = words.get(w)[0];
                String span = text.substring(start, y.end());
                java.util.Optional<CatalogIndex.Match> m = matcher.index().exact(span, ints(answer));
                if (m.isPresent()) {
                    CatalogIndex.Match x = m.get();
                    bestStart = start;
                    bestItem = x.item() >= 0 ? x.item() : pick(x.ambiguousWith(), watched, answer);
                }
            }
            if (bestStart >= 0) {
                add(out, taken, bestStart, y.end(), text, bestItem, kind(bestItem, watched, answer));
            } else {
                int start = words.get(words.size() - 1)[0];
                String span = text.substring(start, y.end());
                CatalogMatcher.Match m = matcher.match(AnswerParser.entry(span, -1), ints(answer));
                int item = m.matched() ? pick(m, watched, answer) : -1;
                add(out, taken, start, y.end(), text, item, item < 0 ? Kind.UNKNOWN : kind(item, watched, answer));
            }
        }
    }

    /** Words that are not function words: what {@link #MAX_TITLE_WORDS} counts ("Raiders of the Lost Ark (Indiana Jones and ...)" has 9). */
    private static int contentWords(String span) {
        int n = 0;
        Matcher w = WORD.matcher(span);
        while (w.find()) {
            if (!FUNCTION_WORDS.contains(w.group().toLowerCase(Locale.ROOT))) {
                n++;
            }
        }
        return n;
    }

    /**
     * The capitalised words (function words may be lower case) right before {@code end}, nearest
     * first, up to {@link #MAX_TITLE_WORDS} capitalised ones (function words between them do not
     * count: an alternative title in parentheses keeps the span whole), stopping at a sentence end or a
     * lower-case content word; each as [start, end). The last one is the earliest start: the whole run.
     */
    private static List<int[]> wordsBefore(String text, int end) {
        List<int[]> all = new ArrayList<>();
        Matcher w = WORD.matcher(text);
        int from = Math.max(0, lastSentenceEnd(text, end));
        w.region(from, end);
        while (w.find()) {
            all.add(new int[] {w.start(), w.end()});
        }
        List<int[]> out = new ArrayList<>();
        int capitals = 0;
        for (int i = all.size() - 1; i >= 0 && capitals < MAX_TITLE_WORDS; i--) {
            String word = text.substring(all.get(i)[0], all.get(i)[1]);
            boolean capital = Character.isUpperCase(word.codePointAt(0)) || Character.isDigit(word.codePointAt(0));
            if (!capital && !FUNCTION_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                break;
            }
            if (capital) {
                out.add(all.get(i));
                capitals++;
            } else if (!out.isEmpty()) {
                out.add(null); // a function word inside a title: not a start
            }
        }
        out.removeIf(java.util.Objects::isNull);
        return out;
    }

    private static int lastSentenceEnd(String text, int before) {
        for (int i = before - 1; i > 0; i--) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '.' || c == '!' || c == '?') && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1))
                    && i + 1 < before && !(c == '.' && abbreviation(text, i))) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Whether the full stop at {@code dot} ends a short capitalised abbreviation ("Mr.", "Dr.", "St."), not a sentence. */
    private static boolean abbreviation(String text, int dot) {
        int start = dot;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        int length = dot - start;
        return length >= 1 && length <= 3 && Character.isUpperCase(text.charAt(start));
    }

    /** Runs of capitalised words looked up exactly, longest first, outside the spans already cited. */
    private void unmarked(String text, Set<Integer> watched, Set<Integer> answer, List<Citation> out, boolean[] taken) {
        List<int[]> words = new ArrayList<>();
        Matcher w = WORD.matcher(text);
        while (w.find()) {
            words.add(new int[] {w.start(), trimEnd(text, w.start(), w.end())});
        }
        int i = 0;
        while (i < words.size()) {
            int[] first = words.get(i);
            if (taken[first[0]] || !capital(text, first)) {
                i++;
                continue;
            }
            int found = -1;
            int item = -1;
            for (int n = Math.min(MAX_TITLE_WORDS, words.size() - i); n >= 1 && found < 0; n--) {
                int[] last = words.get(i + n - 1);
                if (!capital(text, last) || !run(text, words, i, n, taken)) {
                    continue;
                }
                int[] items = titles.get(Titles.normalise(text.substring(first[0], last[1])));
                if (items == null) {
                    continue;
                }
                int it = pick(items, watched, answer);
                if (n == 1 && !watched.contains(it) && !answer.contains(it)) {
                    continue; // one capitalised word naming an item the answer has nothing to do with: prose
                }
                found = n;
                item = it;
            }
            if (found < 0) {
                i++;
                continue;
            }
            add(out, taken, first[0], words.get(i + found - 1)[1], text, item, kind(item, watched, answer));
            i += found;
        }
    }

    /** Whether words i..i+n-1 are one run: no sentence end or line break between them, content words capitalised, none taken. */
    private static boolean run(String text, List<int[]> words, int i, int n, boolean[] taken) {
        for (int k = i; k < i + n; k++) {
            int[] word = words.get(k);
            if (taken[word[0]]) {
                return false;
            }
            String s = text.substring(word[0], word[1]);
            if (!capital(text, word) && !FUNCTION_WORDS.contains(s.toLowerCase(Locale.ROOT))) {
                return false;
            }
            if (k > i) {
                String gap = text.substring(words.get(k - 1)[1], word[0]);
                if (gap.contains("\n") || gap.matches(".*[.!?;].*")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean capital(String text, int[] word) {
        int c = text.codePointAt(word[0]);
        return Character.isUpperCase(c) || Character.isDigit(c);
    }

    /** A word without the sentence's full stop or colon at its end ("Heat." is "Heat"). */
    private static int trimEnd(String text, int start, int end) {
        int e = end;
        while (e > start + 1 && ".:-'\u2019".indexOf(text.charAt(e - 1)) >= 0) {
            e--;
        }
        return e;
    }

    private static Kind kind(int item, Set<Integer> watched, Set<Integer> answer) {
        return watched.contains(item) ? Kind.HISTORY : answer.contains(item) ? Kind.RECOMMENDED : Kind.INVENTED;
    }

    /** Of the items a title could be, one the user watched, else one the answer is about, else the first. */
    private static int pick(int[] items, Set<Integer> watched, Set<Integer> answer) {
        for (int i : items) {
            if (watched.contains(i)) {
                return i;
            }
        }
        for (int i : items) {
            if (answer.contains(i)) {
                return i;
            }
        }
        return items[0];
    }

    private static int pick(CatalogMatcher.Match m, Set<Integer> watched, Set<Integer> answer) {
        if (m.alternatives().length > 1) {
            return pick(m.alternatives(), watched, answer);
        }
        return m.item();
    }

    private static void add(List<Citation> out, boolean[] taken, int start, int end, String text, int item, Kind kind) {
        for (int i = start; i < end; i++) {
            if (taken[i]) {
                return;
            }
        }
        for (int i = start; i < end; i++) {
            taken[i] = true;
        }
        out.add(new Citation(start, end, text.substring(start, end), item, kind));
    }

    /** Words: runs of letters and digits (with inner apostrophes and hyphens). */
    static int words(String text) {
        Matcher m = WORD.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Sentences (split after . ! ? and at line breaks), normalised; empty ones dropped. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text)) {
            String n = s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    private static Set<Integer> set(int[] a) {
        Set<Integer> s = new HashSet<>();
        if (a != null) {
            for (int x : a) {
                s.add(x);
            }
        }
        return s;
    }

    private static int[] ints(Set<Integer> s) {
        return s.stream().mapToInt(Integer::intValue).toArray();
    }
}
