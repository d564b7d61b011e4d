package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways an answer names a book with its author, read from the text alone (no catalog): "Title
 * by Author", "Title – Author", "Title — Author", "Title - Author", "Title: Author", "Title
 * (Author)", "Author - Title", "Author's Title" and "Title, Author's novel"; also "Series: Title"
 * and a title after a lead-in ("My top pick is The Kite Runner by Khaled Hosseini"). Every split point is offered, since a title may itself contain
 * " by " ("Stand by Me") or a dash; the {@link BylineMatcher} keeps a split only when the catalog
 * says the other side is an author (or the series) of that title.
 */
final class Bylines {

    /** How the two sides were joined; only "by" and dashes claim an author strongly enough to contradict the catalog. */
    enum Form {
        BY(true), DASH(true), COLON(false), PARENTHESES(false), AUTHOR_FIRST(true),
        /** "The Lord of the Rings: The Fellowship of the Ring": a series before the title. */
        SERIES_FIRST(false),
        /** "Jane Austen's Emma", "The Road, Cormac McCarthy's bleakest novel". */
        POSSESSIVE(false);

        final boolean contradicts;

        Form(boolean contradicts) {
            this.contradicts = contradicts;
        }
    }

    /** One reading of a text as a title qualified by an author (or a series). */
    record Split(String title, String qualifier, Form form) {
    }

    private static final Pattern BY = Pattern.compile(",?\\s+by\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern DASH = Pattern.compile("\\s+[-\u2013\u2014]{1,2}\\s+|\\s*[\u2014\u2013]\\s*");
    private static final Pattern COLON = Pattern.compile(":\\s+");
    private static final Pattern PARENTHESES = Pattern.compile("\\s*\\(([^()]{3,60})\\)\\s*$");
    /** Where a qualifier's name ends and an explanation begins. */
    private static final Pattern NAME_END = Pattern.compile("\\s+[-\u2013\u2014]+\\s+|\\s*[\u2014\u2013]|[,;:!?()\\[\\]]|\\s+(?:is|was|has|which|who|because|for|about|a|an|the|its|it|in|this)\\s|'s\\s|\u2019s\\s|(?<=\\p{L}{2})\\.(?:\\s|$)");
    private static final Pattern QUOTES = Pattern.compile("^[\\s*_\"'\u201c\u201d\u2018\u2019]+|[\\s*_\"'\u201c\u201d\u2018\u2019.]+$");
    private static final Set<String> PARTICLES = Set.of("de", "van", "von", "der", "den", "le", "la", "du", "da", "di", "del", "y", "bin", "al", "st", "jr", "sr");
    private static final Set<String> NOT_NAMES = Set.of("the", "a", "an", "my", "this", "its", "it", "book", "volume", "vol",
            "part", "series", "trilogy", "saga", "edition", "novel", "and", "of", "in", "on", "to", "for", "with", "me", "you", "us", "night", "day");
    private static final Pattern YEAR = Pattern.compile("\\s*\\(\\d{4}\\)");

    private Bylines() {
    }

    /** Every split of the reading into a title and its qualifier, in the order they are tried. */
    static List<Split> splits(String reading) {
        List<Split> out = new ArrayList<>();
        String r = YEAR.matcher(reading == null ? "" : reading).replaceAll(" ").strip();
        if (r.isEmpty()) {
            return out;
        }
        Matcher by = BY.matcher(r);
        while (by.find()) {
            if (by.start() > 0) {
                String title = strip(r.substring(0, by.start()));
                String author = name(r.substring(by.end()));
                out.add(new Split(title, author, Form.BY));
                String tail = capitalisedTail(title); // "My top pick is The Kite Runner by Khaled Hosseini"
                if (!tail.isEmpty() && !tail.equals(title) && title.endsWith(tail)
                        && LEAD_IN.matcher(title.substring(0, title.length() - tail.length())).find()) {
                    out.add(new Split(tail, author, Form.BY));
                }
            }
        }
        Matcher own = POSSESSIVE_MARK.matcher(r);
        while (own.find()) {
            String before = r.substring(0, own.start());
            int comma = before.lastIndexOf(", ");
            String owner = capitalisedTail(comma >= 0 ? before.substring(comma + 2) : before);
            if (!owner.isEmpty() && comma > 0 && owner.equals(strip(before.substring(comma + 2)))) {
                out.add(new Split(strip(before.substring(0, comma)), owner, Form.POSSESSIVE)); // "The Road, McCarthy's ..."
            } else if (!owner.isEmpty()) {
                out.add(new Split(strip(cutExplanation(r.substring(own.end()))), owner, Form.POSSESSIVE));
            }
        }
        Matcher dash = DASH.matcher(r);
        while (dash.find()) {
            if (dash.start() > 0 && dash.end() < r.length()) {
                String left = strip(r.substring(0, dash.start()));
                String right = r.substring(dash.end());
                out.add(new Split(left, name(right), Form.DASH));
                out.add(new Split(strip(cutExplanation(right)), left, Form.AUTHOR_FIRST));
            }
        }
        Matcher colon = COLON.matcher(r);
        while (colon.find()) {
            if (colon.start() > 0 && colon.end() < r.length()) {
                out.add(new Split(strip(r.substring(0, colon.start())), name(r.substring(colon.end())), Form.COLON));
                out.add(new Split(strip(cutExplanation(r.substring(colon.end()))), strip(r.substring(0, colon.start())),
                        Form.SERIES_FIRST));
            }
        }
        Matcher p = PARENTHESES.matcher(r);
        if (p.find() && p.start() > 0) {
            out.add(new Split(strip(r.substring(0, p.start())), p.group(1).strip(), Form.PARENTHESES));
        }
        out.removeIf(s -> s.title().isEmpty() || s.qualifier().isEmpty());
        return out;
    }

    /**
     * The last run of capitalised words (function words inside it allowed): "The Kite Runner" of
     * "My top recommendation is The Kite Runner", "Jane Austen" of "try Jane Austen".
     */
    static String capitalisedTail(String text) {
        String[] words = text.strip().split("\\s+");
        int start = words.length;
        while (start > 0) {
            String w = words[start - 1];
            boolean capital = !w.isEmpty() && (Character.isUpperCase(w.codePointAt(0)) || Character.isDigit(w.codePointAt(0)));
            if (!capital && !(TITLE_FUNCTION_WORDS.contains(w) && start < words.length)) {
                break;
            }
            start--;
        }
        while (start < words.length && TITLE_FUNCTION_WORDS.contains(words[start])) {
            start++;
        }
        return strip(String.join(" ", java.util.Arrays.copyOfRange(words, start, words.length)));
    }

    /** What introduces the recommended title in prose ("... is", "I recommend", "try"), unlike a comparison ("like", "similar to"). */
    private static final Pattern LEAD_IN = Pattern.compile(
            "(?i)(?:\\b(?:is|are|was|be|recommend|recommended|recommendation|suggest|suggestion|try|read|pick|choose|choice|enjoy|love|consider)|:)\\s*$");
    private static final Set<String> TITLE_FUNCTION_WORDS = Set.of("of", "the", "and", "in", "a", "an", "on", "to", "for", "with", "at", "by");
    private static final Pattern POSSESSIVE_MARK = Pattern.compile("(?<=\\p{L})['\u2019]s\\s+(?=\\S)");

    /** The start of the text up to where an explanation begins ("Gillian Flynn - a dark thriller" gives "Gillian Flynn"). */
    static String name(String text) {
        Matcher end = NAME_END.matcher(text);
        String n = end.find() ? text.substring(0, end.start()) : text;
        return strip(n);
    }

    /** The title side of "Author - Title - a dark thriller": up to a following dash that starts prose. */
    private static String cutExplanation(String text) {
        Matcher dash = DASH.matcher(text);
        return dash.find() ? text.substring(0, dash.start()) : text;
    }

    private static String strip(String s) {
        return QUOTES.matcher(s.strip()).replaceAll("").strip();
    }

    /**
     * Whether the text reads as a person's name: two to five words, each capitalised or an initial
     * ("J.K. Rowling", "Ursula K. Le Guin", "Gabriel García Márquez"), none a title word or
     * number; one capitalised word counts when {@code knownSurname} says the catalog has it.
     */
    static boolean nameLike(String text, boolean knownSurname) {
        String[] words = text.strip().split("\\s+");
        if (words.length == 0 || words.length > 5 || words[0].isEmpty()) {
            return false;
        }
        for (String w : words) {
            String lower = w.toLowerCase(Locale.ROOT).replaceAll("[.,']", "");
            if (NOT_NAMES.contains(lower) || w.chars().anyMatch(Character::isDigit)) {
                return false;
            }
            if (!Character.isUpperCase(w.charAt(0)) && !PARTICLES.contains(lower)) {
                return false;
            }
        }
        return words.length >= 2 || knownSurname;
    }
}
