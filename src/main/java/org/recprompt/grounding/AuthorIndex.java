package org.recprompt.grounding;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.recprompt.dataset.Items;

/**
 * Who wrote what, for answers that name a book with its author ("Gone Girl by Gillian Flynn"): the
 * catalog's {@link Items#AUTHORS} by surname, and the series a goodreads-style title belongs to
 * ({@link AltTitles#series}), since "The Hunger Games - Catching Fire" qualifies a title the same
 * way. A name matches an author when the surnames agree (one slip allowed in a surname of five or
 * more letters: "Flyn") and, when the answer gives a first name or initial, its first letter agrees
 * too ("J.K. Rowling", "JK Rowling", "Joanne Rowling", "Rowling"); a name given alone may also be the
 * first name ("Inferno by Dante" for Dante Alighieri). Several names ("Neil Gaiman and
 * Terry Pratchett") match when any does. Empty for a catalog without authors (MovieLens), so the
 * stage costs nothing there.
 */
final class AuthorIndex {

    /** A person's name: its first word when it has a surname after it (else null), given-name initial ('\0' when none) and surname. */
    record Name(String first, char initial, String surname) {
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> SUFFIXES = Set.of("jr", "sr", "ii", "iii", "iv", "phd", "md");
    private static final Pattern SEVERAL = Pattern.compile("\\s*(?:,|;|&|\\band\\b|\\bwith\\b)\\s*", Pattern.CASE_INSENSITIVE);

    private final Items items;
    private final Name[][] authors;
    private final Map<String, List<Integer>> bySurname = new HashMap<>();
    /** Authors by first name, for a name given alone ("Inferno by Dante" for Dante Alighieri). */
    private final Map<String, List<Integer>> byFirstName = new HashMap<>();
    /** Surnames with one letter deleted (and whole), for one slip: "flyn" finds "flynn". */
    private final Map<String, Set<String>> surnameVariants = new HashMap<>();
    private final Map<String, int[]> bySeries = new HashMap<>();
    private final boolean[] hasAuthors;
    private final boolean any;

    AuthorIndex(Items items) {
        this.items = items;
        authors = new Name[items.size()][];
        hasAuthors = new boolean[items.size()];
        Map<String, List<Integer>> series = new HashMap<>();
        boolean anyAuthor = false;
        for (int i = 0; i < items.size(); i++) {
            List<Name> names = new ArrayList<>();
            for (String a : items.values(Items.AUTHORS, i)) {
                Name n = name(a);
                if (n != null) {
                    names.add(n);
                    bySurname.computeIfAbsent(n.surname(), k -> new ArrayList<>()).add(i);
                    if (n.first() != null && n.first().length() >= 3) {
                        byFirstName.computeIfAbsent(n.first(), k -> new ArrayList<>()).add(i);
                    }
                }
            }
            authors[i] = names.toArray(Name[]::new);
            hasAuthors[i] = !names.isEmpty();
            anyAuthor |= hasAuthors[i];
            String s = AltTitles.series(items.title(i));
            if (s != null) {
                series.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
            }
        }
        any = anyAuthor;
        for (String surname : bySurname.keySet()) {
            for (String v : deletions(surname)) {
                surnameVariants.computeIfAbsent(v, k -> new LinkedHashSet<>()).add(surname);
            }
        }
        series.forEach((k, v) -> bySeries.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** Whether the catalog records any author (else the byline stage is skipped). */
    boolean isEmpty() {
        return !any;
    }

    boolean hasAuthors(int item) {
        return hasAuthors[item];
    }

    /** Whether the text names an author the catalog knows (of any item). */
    boolean knowsAuthor(String text) {
        for (String part : SEVERAL.split(text)) {
            Name n = name(part);
            if (n != null && !surnames(n.surname()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The items the text qualifies: written by a name it gives, or in the series it names; empty
     * when it names neither.
     */
    int[] itemsQualifiedBy(String text) {
        Set<Integer> out = new LinkedHashSet<>();
        int[] inSeries = bySeries.get(Titles.normalise(text));
        if (inSeries != null) {
            Arrays.stream(inSeries).forEach(out::add);
        }
        for (String part : SEVERAL.split(text)) {
            Name n = name(part);
            if (n == null) {
                continue;
            }
            for (String surname : surnames(n.surname())) {
                for (int item : bySurname.get(surname)) {
                    if (wrote(n, item)) {
                        out.add(item);
                    }
                }
            }
            if (n.first() == null) {
                out.addAll(byFirstName.getOrDefault(n.surname(), List.of()));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the item's authors include the name (surname and, when given, first initial). */
    private boolean wrote(Name n, int item) {
        for (Name a : authors[item]) {
            if (sameSurname(n.surname(), a.surname()) && (n.initial() == '\0' || a.initial() == '\0' || n.initial() == a.initial())) {
                return true;
            }
        }
        return false;
    }

    private Set<String> surnames(String surname) {
        Set<String> out = new LinkedHashSet<>();
        if (bySurname.containsKey(surname)) {
            out.add(surname);
        }
        if (surname.length() >= 4) {
            for (String v : deletions(surname)) {
                for (String s : surnameVariants.getOrDefault(v, Set.of())) {
                    if (sameSurname(surname, s)) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    /** Equal, or one insertion, deletion or substitution apart when both have five letters or more. */
    private static boolean sameSurname(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (Math.min(a.length(), b.length()) < 4 || Math.max(a.length(), b.length()) < 5 || Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int j = 0;
        while (j < a.length() - i && j < b.length() - i && a.charAt(a.length() - 1 - j) == b.charAt(b.length() - 1 - j)) {
            j++;
        }
        return a.length() - i - j <= 1 && b.length() - i - j <= 1;
    }

    private static Set<String> deletions(String s) {
        Set<String> out = new LinkedHashSet<>();
        out.add(s);
        for (int i = 0; i < s.length(); i++) {
            out.add(s.substring(0, i) + s.substring(i + 1));
        }
        return out;
    }

    /** A person's name as initial and surname: "J.R.R. Tolkien" is (j, tolkien), "Ursula K. Le Guin" (u, le guin). */
    static Name name(String text) {
        String t = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD);
        t = MARKS.matcher(t).replaceAll("").toLowerCase(Locale.ROOT).replaceAll("['\u2019]", "");
        List<String> words = new ArrayList<>(Arrays.asList(NON_ALNUM.matcher(t).replaceAll(" ").strip().split(" ")));
        words.removeIf(w -> w.isEmpty() || SUFFIXES.contains(w));
        if (words.isEmpty()) {
            return null;
        }
        int last = words.size() - 1;
        int start = last;
        while (start > 0 && PARTICLES.contains(words.get(start - 1))) {
            start--; // "le guin", "van gogh", "de saint exupery"
        }
        String surname = String.join(" ", words.subList(start, last + 1));
        char initial = start > 0 ? words.get(0).charAt(0) : '\0';
        return surname.length() < 2 ? null : new Name(start > 0 ? words.get(0) : null, initial, surname);
    }

    private static final Set<String> PARTICLES = Set.of("le", "de", "van", "von", "der", "den", "du", "da", "di", "del", "la", "st", "mc");
}
