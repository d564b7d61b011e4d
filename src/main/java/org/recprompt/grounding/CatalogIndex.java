package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.recprompt.dataset.Items;

/**
 * The exact stage of grounding: a hash index from normalised title ({@link Titles}) to catalog
 * items, so a 62k-item catalog is never scanned per answer. A title shared by several items
 * (remakes) is resolved by the year when the answer gives one, else by the candidate set when one
 * was offered; otherwise the match is reported as ambiguous with every item it could be. Besides
 * its main title an item is found by its other names ({@link AltTitles}: names in parentheses,
 * original title, further titles, a series with its number).
 */
public final class CatalogIndex {

    /** How a title was matched. */
    public enum Method { EXACT, EXACT_WITH_YEAR, EXACT_AMONG_CANDIDATES }

    /**
     * The outcome of looking a title up: the item (or -1), how it was found, and the other items
     * it could have been when the title is ambiguous.
     */
    public record Match(int item, Method method, double score, int[] ambiguousWith) {

        public boolean isAmbiguous() {
            return item < 0 && ambiguousWith.length > 1;
        }
    }

    private final Items items;
    private final Map<String, int[]> byTitle = new HashMap<>();

    public CatalogIndex(Items items) {
        this.items = items;
        Map<String, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String main = Titles.key(items.title(i)).text();
            groups.computeIfAbsent(main, k -> new ArrayList<>()).add(i);
            for (String alias : AltTitles.keys(items, i)) {
                List<Integer> g = groups.computeIfAbsent(alias, k -> new ArrayList<>());
                if (!alias.equals(main) && !g.contains(i)) {
                    g.add(i);
                }
            }
        }
        groups.remove("");
        groups.forEach((k, v) -> byTitle.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** Every normalised title and alias with the items it names (for the fuzzy stage's index). */
    public Map<String, int[]> keys() {
        return java.util.Collections.unmodifiableMap(byTitle);
    }

    public Items items() {
        return items;
    }

    /**
     * Resolves a title key shared by several items: by the year when given, else by the
     * candidates; otherwise an ambiguous match listing them all.
     */
    Match resolve(int[] found, int year, int[] candidates, Method single) {
        if (found.length == 1) {
            return new Match(found[0], single, 1.0, new int[0]);
        }
        if (year > 0) {
            int[] sameYear = Arrays.stream(found).filter(i -> items.year(i) == year).toArray();
            if (sameYear.length == 1) {
                return new Match(sameYear[0], Method.EXACT_WITH_YEAR, 1.0, new int[0]);
            }
        }
        int[] offered = Arrays.stream(found).filter(i -> Arrays.stream(candidates).anyMatch(c -> c == i)).toArray();
        if (offered.length == 1) {
            return new Match(offered[0], Method.EXACT_AMONG_CANDIDATES, 1.0, new int[0]);
        }
        return new Match(-1, single, 0.0, found.clone());
    }

    /** Looks a title up; {@code candidates} (may be empty) breaks ties between same-titled items. */
    public Optional<Match> exact(String answerTitle, int[] candidates) {
        Titles.Key key = Titles.key(answerTitle);
        int[] found = byTitle.get(key.text());
        if (found == null || key.text().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(resolve(found, key.year(), candidates, Method.EXACT));
    }

    /** Every item whose title or other name has this normalised key (empty when none). */
    int[] itemsWithKey(String key) {
        int[] found = byTitle.get(key);
        return found == null ? new int[0] : found.clone();
    }

    /** The number of distinct normalised titles (for statistics and tests). */
    public int size() {
        return byTitle.size();
    }
}
