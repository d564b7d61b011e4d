package org.recprompt.grounding;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Title normalisation for matching answers to the catalog: MovieLens's trailing articles
 * ("Matrix, The" = "The Matrix", also "A", "An" and common foreign articles such as "Le", "La",
 * "Les", "Il", "El", "Das", "Die", "Der"), case, accents, punctuation and white space; the year
 * in parentheses is split off so that it can disambiguate but is not required.
 */
public final class Titles {

    private static final Pattern YEAR = Pattern.compile("\\s*\\((\\d{4})(?:[-\u2013]\\d{0,4})?\\)\\s*$");
    private static final Pattern TRAILING_ARTICLE = Pattern.compile(
            "^(.*?),\\s*(the|a|an|le|la|les|l'|il|el|los|las|das|die|der|den|det)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALSO_KNOWN_AS = Pattern.compile("\\s*\\((?:a\\.k\\.a\\.|aka)\\s[^)]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** A title split into its normalised key and its year (0 when none is given). */
    public record Key(String text, int year) {
    }

    private Titles() {
    }

    public static Key key(String title) {
        String t = title == null ? "" : title.strip();
        int year = 0;
        Matcher y = YEAR.matcher(t);
        if (y.find()) {
            year = Integer.parseInt(y.group(1));
            t = t.substring(0, y.start());
        }
        return new Key(normalise(t), year);
    }

    /** The comparable form of a title without its year. */
    public static String normalise(String title) {
        String t = ALSO_KNOWN_AS.matcher(title).replaceAll("");
        t = stripForeignTitle(t);
        Matcher m = TRAILING_ARTICLE.matcher(t.strip());
        if (m.matches()) {
            String article = m.group(2);
            t = article + (article.endsWith("'") ? "" : " ") + m.group(1);
        }
        t = Normalizer.normalize(t, Normalizer.Form.NFKD);
        t = MARKS.matcher(t).replaceAll("");
        t = t.toLowerCase(Locale.ROOT).replace("&", " and ").replaceAll("['\u2019]", "");
        t = NON_ALNUM.matcher(t).replaceAll(" ").strip();
        return numberWordsToDigits(romanToDigits(t));
    }

    private static final Pattern ROMAN = Pattern.compile("\\b(ii|iii|iv|vi|vii|viii|ix)\\b");
    private static final java.util.Map<String, String> ROMAN_VALUES = java.util.Map.of(
            "ii", "2", "iii", "3", "iv", "4", "vi", "6", "vii", "7", "viii", "8", "ix", "9");

    private static final Pattern SERIAL_V_X = Pattern.compile("\\b(episode|part|chapter|vol|volume) (v|x)\\b");

    /**
     * "Godfather: Part II" = "Godfather Part 2"; I, V and X stay words ("I, Robot", "V for
     * Vendetta") except after "Episode", "Part", "Chapter" or "Vol." ("Star Wars: Episode V").
     */
    private static String romanToDigits(String t) {
        if (t.indexOf('i') < 0 && t.indexOf('v') < 0) {
            return t;
        }
        t = ROMAN.matcher(t).replaceAll(m -> ROMAN_VALUES.get(m.group(1)));
        return SERIAL_V_X.matcher(t).replaceAll(m -> m.group(1) + (m.group(2).equals("v") ? " 5" : " 10"));
    }

    private static final Pattern NUMBER_WORDS = Pattern.compile(
            "\\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)\\b");
    private static final java.util.Map<String, String> NUMBER_VALUES = java.util.Map.ofEntries(
            java.util.Map.entry("two", "2"), java.util.Map.entry("three", "3"), java.util.Map.entry("four", "4"),
            java.util.Map.entry("five", "5"), java.util.Map.entry("six", "6"), java.util.Map.entry("seven", "7"),
            java.util.Map.entry("eight", "8"), java.util.Map.entry("nine", "9"), java.util.Map.entry("ten", "10"),
            java.util.Map.entry("eleven", "11"), java.util.Map.entry("twelve", "12"), java.util.Map.entry("thirteen", "13"));

    /** "Ocean's Eleven" = "Oceans 11", "Lock, Stock and Two Smoking Barrels" = "... 2 ..." ("one" stays a word). */
    private static String numberWordsToDigits(String t) {
        return NUMBER_WORDS.matcher(t).replaceAll(m -> NUMBER_VALUES.get(m.group(1)));
    }

    private static final Pattern PARENTHESES = Pattern.compile("\\(([^()]+)\\)");

    /**
     * The other names a catalog title carries in parentheses: "City of God (Cidade de Deus) (2002)"
     * is also "cidade de deus", "Seven (a.k.a. Se7en) (1995)" also "se7en"; normalised like
     * {@link #key}, without the year.
     */
    public static java.util.List<String> aliases(String catalogTitle) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (catalogTitle == null) {
            return out;
        }
        Matcher m = PARENTHESES.matcher(catalogTitle);
        while (m.find()) {
            String inner = m.group(1).strip();
            if (inner.matches("\\d{4}(?:[-\u2013]\\d{0,4})?")) {
                continue;
            }
            inner = inner.replaceFirst("(?i)^(?:a\\.k\\.a\\.|aka)\\s+", "");
            String alias = normalise(inner);
            if (!alias.isEmpty()) {
                out.add(alias);
            }
        }
        return out;
    }

    /** "Amelie (Fabuleux destin d'Amélie Poulain, Le)" keeps its first title: the part before a trailing parenthesis. */
    private static String stripForeignTitle(String t) {
        String s = t.strip();
        if (s.endsWith(")")) {
            int open = s.lastIndexOf(" (");
            if (open > 0) {
                return s.substring(0, open);
            }
        }
        return s;
    }
}
