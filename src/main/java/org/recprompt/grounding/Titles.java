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

    /** A title split into its normalised key and its year (0 when none is given). */
    public record Key(String text, int year) {
    }

    private Titles() {
    }

    public static Key key(String title) {
        String t = title == null ? "" : title.strip();
        int year = 0;
        if (t.endsWith(")")) { // the year pattern ends with ")" and only white space, which strip() removed
            Matcher y = YEAR.matcher(t);
            if (y.find()) {
                year = Integer.parseInt(y.group(1));
                t = t.substring(0, y.start());
            }
        }
        return new Key(normalise(t), year);
    }

    /**
     * The comparable form of a title without its year. Each step below is a regular expression
     * (the test holds this method to that chain); the checks in front of them skip a step that
     * cannot change the text, which made building a 9,742-title catalog's index about twice as
     * fast in a cold JVM, where a run builds it.
     */
    public static String normalise(String title) {
        String t = title.indexOf('(') >= 0 ? ALSO_KNOWN_AS.matcher(title).replaceAll("") : title;
        t = stripForeignTitle(t);
        if (t.indexOf(',') >= 0) {
            Matcher m = TRAILING_ARTICLE.matcher(t.strip());
            if (m.matches()) {
                String article = m.group(2);
                t = article + (article.endsWith("'") ? "" : " ") + m.group(1);
            }
        }
        if (!isAscii(t)) { // NFKD leaves ASCII as it is, and ASCII has no combining marks
            t = Normalizer.normalize(t, Normalizer.Form.NFKD);
            t = MARKS.matcher(t).replaceAll("");
        }
        t = t.toLowerCase(Locale.ROOT).replace("&", " and ");
        if (t.indexOf('\'') >= 0 || t.indexOf('\u2019') >= 0) {
            t = APOSTROPHES.matcher(t).replaceAll("");
        }
        return numberWordsToDigits(romanToDigits(lettersAndDigits(t)));
    }

    private static final Pattern APOSTROPHES = Pattern.compile("['\u2019]");

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code t.replaceAll("[^\\p{L}\\p{N}]+", " ").strip()} in one pass: runs of code points that are
     * neither a letter ({@code \p{L}}) nor a number ({@code \p{N}}) become one space, none at either end.
     */
    private static String lettersAndDigits(String t) {
        StringBuilder out = new StringBuilder(t.length());
        boolean gap = false;
        for (int i = 0; i < t.length();) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            if (isLetterOrNumber(cp)) {
                if (gap && out.length() > 0) {
                    out.append(' ');
                }
                gap = false;
                out.appendCodePoint(cp);
            } else {
                gap = true;
            }
        }
        return out.toString();
    }

    private static final int LETTER_OR_NUMBER = 1 << Character.UPPERCASE_LETTER | 1 << Character.LOWERCASE_LETTER
            | 1 << Character.TITLECASE_LETTER | 1 << Character.MODIFIER_LETTER | 1 << Character.OTHER_LETTER
            | 1 << Character.DECIMAL_DIGIT_NUMBER | 1 << Character.LETTER_NUMBER | 1 << Character.OTHER_NUMBER;

    private static boolean isLetterOrNumber(int cp) {
        if (cp < 0x80) {
            return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9';
        }
        return (LETTER_OR_NUMBER >> Character.getType(cp) & 1) != 0;
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
        if (t.contains("ii") || t.contains("iv") || t.contains("vi") || t.contains("ix")) { // every numeral ROMAN turns
            t = ROMAN.matcher(t).replaceAll(m -> ROMAN_VALUES.get(m.group(1)));
        }
        if (t.contains("episode ") || t.contains("part ") || t.contains("chapter ") || t.contains("vol")) {
            t = SERIAL_V_X.matcher(t).replaceAll(m -> m.group(1) + (m.group(2).equals("v") ? " 5" : " 10"));
        }
        return t;
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
        for (String word : NUMBER_VALUES.keySet()) {
            if (t.contains(word)) {
                return NUMBER_WORDS.matcher(t).replaceAll(m -> NUMBER_VALUES.get(m.group(1)));
            }
        }
        return t;
    }

    private static final Pattern PARENTHESES = Pattern.compile("\\(([^()]+)\\)");
    private static final Pattern YEARS = Pattern.compile("\\d{4}(?:[-\u2013]\\d{0,4})?");
    private static final Pattern AKA_PREFIX = Pattern.compile("(?i)^(?:a\\.k\\.a\\.|aka)\\s+");

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
            if (YEARS.matcher(inner).matches()) {
                continue;
            }
            inner = AKA_PREFIX.matcher(inner).replaceFirst("");
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
