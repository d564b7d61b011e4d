package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.dataset.Items;

/**
 * The other names an item goes by, for the exact and fuzzy stages: the names in its title's
 * parentheses ({@link Titles#aliases}), its original title ({@link Items#ORIGINAL_TITLE}: the UK
 * "Harry Potter and the Philosopher's Stone", "Nineteen Eighty-Four"), its further titles
 * ({@link Items#ALT_TITLES}) and, for a goodreads-style series suffix ("Catching Fire (The Hunger
 * Games, #2)"), the series with its number ("the hunger games 2"). Answers write the number as
 * "#2", "Book 2", "Vol. 2" or "(Book 2)": {@link #seriesReading} turns those into the same key.
 */
public final class AltTitles {

    /** A goodreads series suffix: "(The Hunger Games, #1)", "(Harry Potter #1)", "(Discworld, #1; Rincewind #1)". */
    private static final Pattern SERIES = Pattern.compile("\\(([^()#]+?),?\\s*#\\s*(\\d+(?:\\.\\d+)?)[^()]*\\)\\s*$");
    /** "The Hunger Games, Book 2", "Harry Potter #1", "Dune (Book 1)", "The Dark Tower Vol. 3", "Book 2 of The Hunger Games". */
    private static final Pattern NUMBERED = Pattern.compile(
            "^(.+?)[,:]?\\s+\\(?(?:book|bk\\.?|volume|vol\\.?|#)\\s*(\\d{1,2})\\)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBERED_FIRST = Pattern.compile(
            "^(?:book|volume|vol\\.?)\\s+(\\d{1,2})\\s+(?:of|in)\\s+(?:the\\s+)?(.+?)(?:\\s+series)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILING_YEAR = Pattern.compile("\\s*\\(\\d{4}\\)\\s*$");
    private static final Pattern SERIES_WORD = Pattern.compile("(?i)\\s+(?:series|trilogy|saga)$");

    private AltTitles() {
    }

    /** Every key of the item beyond its main title's, normalised ({@link Titles#normalise}), without duplicates. */
    public static List<String> keys(Items items, int item) {
        Set<String> out = new LinkedHashSet<>();
        String title = items.title(item);
        if (title != null) {
            out.addAll(Titles.aliases(title));
            Matcher s = SERIES.matcher(title);
            if (title.indexOf('#') >= 0 && s.find()) { // a series suffix has its "#"
                out.add(Titles.normalise(s.group(1)) + " " + number(s.group(2)));
            }
        }
        String original = items.attribute(Items.ORIGINAL_TITLE, item);
        if (original != null && !original.isBlank()) {
            out.add(Titles.key(original).text());
        }
        for (String alt : items.values(Items.ALT_TITLES, item)) {
            out.add(Titles.key(alt).text());
        }
        out.remove("");
        return new ArrayList<>(out);
    }

    /** The series a goodreads-style title names in its suffix ("the hunger games"), or null. */
    public static String series(String title) {
        if (title == null) {
            return null;
        }
        Matcher s = SERIES.matcher(title);
        if (!s.find()) {
            return null;
        }
        String name = Titles.normalise(SERIES_WORD.matcher(s.group(1).strip()).replaceFirst(""));
        return name.isEmpty() ? null : name;
    }

    /**
     * An answer's series reference as a key ("The Hunger Games, Book 2" and "Book 2 of the Hunger
     * Games series" give "the hunger games 2"), or null when the reading names no numbered book.
     */
    public static String seriesReading(String reading) {
        String r = TRAILING_YEAR.matcher(reading == null ? "" : reading.strip()).replaceFirst("");
        Matcher m = NUMBERED.matcher(r);
        if (m.matches()) {
            String series = Titles.normalise(SERIES_WORD.matcher(m.group(1).strip()).replaceFirst(""));
            return series.isEmpty() ? null : series + " " + number(m.group(2));
        }
        Matcher f = NUMBERED_FIRST.matcher(r);
        if (f.matches()) {
            String series = Titles.normalise(f.group(2));
            return series.isEmpty() ? null : series + " " + number(f.group(1));
        }
        return null;
    }

    private static String number(String n) {
        return Titles.normalise(n.contains(".") ? n.substring(0, n.indexOf('.')) + " " + n.substring(n.indexOf('.') + 1) : n);
    }
}
