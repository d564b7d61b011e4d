package org.recprompt.grounding;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * How alike two normalised titles are, for the fuzzy stages: normalised Levenshtein similarity
 * (commons-text) or word containment; one slip in a title of five or more letters or one swapped
 * pair counts; numbers must agree ("Toy Story 3" is not "Toy Story 2"); every word of the title
 * and more is a sequel, not a slip ("Heat Returns").
 */
final class TitleSimilarity {

    private TitleSimilarity() {
    }

    private static final Set<String> STOP = Set.of("the", "a", "an", "of", "and", "in", "on", "to", "le", "la", "les");

    /**
     * Similarity of two normalised titles without years in [0, 1]: 0 when their numbers differ;
     * else the larger of normalised Levenshtein similarity and a containment score (every word of
     * the answer, at least three, in the catalog title, covering at least 70% of its words).
     */
    static double similarity(String answer, String title) {
        double s = similarityAsIs(answer, title);
        String a = LEADING_ARTICLE.matcher(answer).replaceFirst("");
        String t = LEADING_ARTICLE.matcher(title).replaceFirst("");
        return a.equals(answer) && t.equals(title) ? s : Math.max(s, similarityAsIs(a, t));
    }

    private static final java.util.regex.Pattern LEADING_ARTICLE = java.util.regex.Pattern.compile("^(?:the|a|an) ");

    private static double similarityAsIs(String answer, String title) {
        if (answer.isEmpty() || title.isEmpty() || !numbersAgree(answer, title)) {
            return 0;
        }
        int max = Math.max(answer.length(), title.length());
        // Only distances that could reach the lowest threshold in use (0.75) are computed exactly.
        int limit = (int) Math.floor(max * 0.3);
        int distance = Math.abs(answer.length() - title.length()) > limit ? -1
                : new LevenshteinDistance(limit).apply(answer, title);
        if ((distance < 0 || distance > 1) && oneTransposition(answer, title)) {
            distance = 1;
        }
        double lev = distance < 0 ? 0 : 1.0 - distance / (double) max;
        if (distance == 1 && max >= 5) {
            lev = Math.max(lev, 0.86); // one slip in a title of five or more letters ("Zodaic")
        }
        Set<String> a = new HashSet<>(Arrays.asList(answer.split(" ")));
        Set<String> t = new HashSet<>(Arrays.asList(title.split(" ")));
        if (a.containsAll(t) && a.stream().anyMatch(w -> !t.contains(w) && !STOP.contains(w) && !isNumber(w))) {
            return 0; // every word of the title and more: a sequel or a spin-off ("Heat Returns"), not a slip
        }
        double containment = 0;
        long content = a.stream().filter(w -> !STOP.contains(w)).count();
        if (content >= 2 && a.size() >= 3 && t.containsAll(a)) {
            double coverage = a.size() / (double) t.size();
            if (coverage >= 0.7) {
                containment = 0.7 + 0.3 * coverage;
            }
        }
        return Math.max(lev, containment);
    }

    /** Equal but for two neighbouring letters swapped. */
    static boolean oneTransposition(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int first = -1;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                if (first >= 0) {
                    return i == first + 1 && a.charAt(first) == b.charAt(i) && a.charAt(i) == b.charAt(first)
                            && a.substring(i + 1).equals(b.substring(i + 1));
                }
                first = i;
            }
        }
        return false;
    }

    /**
     * Numbers must agree, except an episode number the answer leaves out altogether ("Star Wars:
     * The Force Awakens" for "Star Wars: Episode VII - The Force Awakens") and a "1" for a first
     * film whose title has no number.
     */
    static boolean numbersAgree(String answer, String title) {
        Set<String> a = numbers(answer);
        Set<String> t = numbers(title);
        if (a.equals(t)) {
            return true;
        }
        if (t.isEmpty() && a.equals(Set.of("1"))) {
            return true; // "Terminator 1" for the first film, whose title has no number
        }
        return a.isEmpty() && numbers(EPISODE.matcher(title).replaceAll(" ")).isEmpty();
    }

    private static final java.util.regex.Pattern EPISODE = java.util.regex.Pattern.compile("\\bepisode \\d+\\b");

    private static boolean isNumber(String w) {
        return !w.isEmpty() && w.chars().allMatch(Character::isDigit);
    }

    private static Set<String> numbers(String s) {
        Set<String> out = new HashSet<>();
        for (String w : s.split(" ")) {
            if (!w.isEmpty() && w.chars().allMatch(Character::isDigit)) {
                out.add(w);
            }
        }
        return out;
    }
}
