package org.recprompt.dataset;

import java.util.List;

/**
 * The age bands of MovieLens 1M's users.dat (its README: under 18, 18-24, 25-34, 35-44, 45-49,
 * 50-55, 56+), used wherever users are grouped by age: the statistics of a dataset whose ages are
 * numbers (ml-100k, Book-Crossing) and the experiment's group gaps. ML-1M's own ages are these
 * labels already (its codes decoded on reading).
 */
public final class AgeBands {

    /** The user attribute holding an age (a number of years, or an ML-1M band label). */
    public static final String ATTRIBUTE = "age";

    /** The bands' labels, youngest first; a band starts at the matching {@link #LOWER} bound. */
    public static final List<String> LABELS = List.of("under 18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+");

    /** Each band's lowest age in years (the first band has none: 0). */
    static final int[] LOWER = {0, 18, 25, 35, 45, 50, 56};

    private AgeBands() {
    }

    /** The band of an age in years. */
    public static String of(int years) {
        int band = 0;
        for (int b = 1; b < LOWER.length; b++) {
            if (years >= LOWER[b]) {
                band = b;
            }
        }
        return LABELS.get(band);
    }

    /** The band of an age written as text: a whole number of years gets its band; any other text stays as it is. */
    public static String of(String age) {
        String s = age.strip();
        try {
            return of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
