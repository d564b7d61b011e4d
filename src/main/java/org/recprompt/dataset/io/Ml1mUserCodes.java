package org.recprompt.dataset.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.recprompt.dataset.AgeBands;

/**
 * MovieLens 1M's users.dat codes and their meaning, as its README gives them: the age is the code of
 * a band (1 = under 18, 18 = 18-24, 25 = 25-34, 35 = 35-44, 45 = 45-49, 50 = 50-55, 56 = 56+) and the
 * occupation a number 0-20. Users get the labels, so that statistics, group gaps and prompts read
 * "25-34" and "programmer" rather than 25 and 12; {@link #ageCode} and {@link #occupationCode} give the
 * codes back. A code the README does not list is an error naming the file and line.
 */
public final class Ml1mUserCodes {

    /** Age code to band label (the labels are {@link AgeBands#LABELS}). */
    static final Map<Integer, String> AGES = ages();

    /** Occupation labels by code 0-20. */
    static final List<String> OCCUPATIONS = List.of("other or not specified", "academic/educator", "artist",
            "clerical/admin", "college/grad student", "customer service", "doctor/health care", "executive/managerial",
            "farmer", "homemaker", "K-12 student", "lawyer", "programmer", "retired", "sales/marketing", "scientist",
            "self-employed", "technician/engineer", "tradesman/craftsman", "unemployed", "writer");

    private Ml1mUserCodes() {
    }

    /** The README's age codes, 1 ("Under 18"), 18, 25, ... 56, each naming the band it starts. */
    private static Map<Integer, String> ages() {
        int[] codes = {1, 18, 25, 35, 45, 50, 56};
        Map<Integer, String> m = new java.util.HashMap<>();
        for (int k = 0; k < codes.length; k++) {
            m.put(codes[k], AgeBands.LABELS.get(k));
        }
        return Map.copyOf(m);
    }

    /** Stores a users.dat line's age and occupation codes as their labels. */
    static void decode(DatasetBuilder b, int user, Path file, long line, String ageCode, String occupationCode) {
        b.userAttribute(user, "age", age(file, line, ageCode));
        b.userAttribute(user, "occupation", occupation(file, line, occupationCode));
    }

    static String age(Path file, long line, String code) {
        String label = AGES.get(number(code));
        if (label == null) {
            throw new DatasetFormatException(file, line, "the age (field 3) is '" + code + "', not one of MovieLens 1M's"
                    + " age codes 1, 18, 25, 35, 45, 50, 56", null);
        }
        return label;
    }

    static String occupation(Path file, long line, String code) {
        Integer n = number(code);
        if (n == null || n < 0 || n >= OCCUPATIONS.size()) {
            throw new DatasetFormatException(file, line, "the occupation (field 4) is '" + code + "', not one of MovieLens"
                    + " 1M's occupation codes 0-20", null);
        }
        return OCCUPATIONS.get(n);
    }

    /** The age code of a band label (1 for "under 18"), or -1. */
    public static int ageCode(String label) {
        return AGES.entrySet().stream().filter(e -> e.getValue().equals(label)).mapToInt(Map.Entry::getKey).findFirst()
                .orElse(-1);
    }

    /** The occupation code of a label (12 for "programmer"), or -1. */
    public static int occupationCode(String label) {
        return OCCUPATIONS.indexOf(label);
    }

    private static Integer number(String code) {
        String s = code.strip();
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(s);
    }
}
