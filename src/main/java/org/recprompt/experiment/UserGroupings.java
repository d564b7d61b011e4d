package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.recprompt.dataset.AgeBands;
import org.recprompt.dataset.Users;

/**
 * How the evaluated users are grouped for the group gaps (groups.json, docs/EXPERIMENTS.md "Group
 * gaps"): by {@value #ACTIVITY} (light: a training history no longer than the median, heavy: longer)
 * or by a user attribute of the dataset (an age in years in its {@link AgeBands} band). A user
 * without a value is in the group {@value #UNKNOWN}, never left out.
 * <ul>
 * <li>Without {@code groupGaps} in the experiment: every attribute with 2 to {@value #MAX_GROUPS}
 * known values among the evaluated users, by name, then activity; the others are named in a note
 * (a zip code has too many values).</li>
 * <li>With {@code groupGaps: [activity, gender, age]}: those groupings in that order; an attribute
 * the dataset does not have is refused before the run ({@link #check}); one with more than
 * {@value #MAX_GROUPS} values keeps its {@value #MAX_GROUPS} - 1 largest groups and pools the rest
 * as "other (N values)".</li>
 * </ul>
 */
final class UserGroupings {

    static final String ACTIVITY = "activity";
    static final String UNKNOWN = "unknown";
    static final int MAX_GROUPS = 30;

    /** The key naming the groupings in an experiment. */
    static final String KEY = "groupGaps";

    /** The groupings (name to dataset user id to group, in order) and what was left out or pooled, as sentences. */
    record Result(Map<String, Map<String, String>> groupings, List<String> notes) {
    }

    private UserGroupings() {
    }

    static Result of(RunSetup setup) {
        int[] evaluated = setup.users();
        int[] lengths = Arrays.stream(evaluated).map(u -> setup.split().history(u).length).toArray();
        return of(setup.dataset().users(), evaluated, lengths, setup.spec().groupGaps());
    }

    /** {@code lengths[i]}: the training history length of {@code evaluated[i]}; {@code requested} null: the automatic choice. */
    static Result of(Users users, int[] evaluated, int[] lengths, List<String> requested) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (requested == null) {
            for (String a : users.attributes().keySet().stream().sorted().toList()) {
                Map<String, String> g = byAttribute(users, a, evaluated);
                long known = g.values().stream().filter(x -> !x.equals(UNKNOWN)).distinct().count();
                if (known >= 2 && known <= MAX_GROUPS) {
                    out.put(a, g);
                } else if (known > MAX_GROUPS) {
                    notes.add(String.format(java.util.Locale.ROOT, "%s is left out: its %,d values among the evaluated users"
                            + " are more than the %d groups compared by default (name it in %s to compare its %d largest"
                            + " groups and the rest pooled)", a, known, MAX_GROUPS, KEY, MAX_GROUPS - 1));
                } else if (evaluated.length > 0) {
                    notes.add(a + " is left out: the evaluated users have " + (known == 0 ? "no value" : "one value") + " of it");
                }
            }
            if (evaluated.length > 0) {
                out.put(ACTIVITY, byActivity(users, evaluated, lengths));
            }
            return new Result(out, List.copyOf(notes));
        }
        for (String name : requested) {
            Map<String, String> g = name.equals(ACTIVITY) ? byActivity(users, evaluated, lengths)
                    : pooled(name, byAttribute(users, name, evaluated), notes);
            long groups = g.values().stream().distinct().count();
            if (groups < 2) {
                notes.add(name + " is not compared: every evaluated user is in one group ("
                        + (groups == 0 ? "no user" : g.values().iterator().next()) + ")");
            }
            out.put(name, g);
        }
        return new Result(out, List.copyOf(notes));
    }

    /** Each evaluated user's value (age: its band), or {@value #UNKNOWN}. */
    static Map<String, String> byAttribute(Users users, String attribute, int[] evaluated) {
        Map<String, String> g = new HashMap<>();
        for (int u : evaluated) {
            String v = users.attribute(attribute, u);
            String group = v == null || v.isBlank() ? UNKNOWN
                    : attribute.equals(AgeBands.ATTRIBUTE) ? AgeBands.of(v) : v.strip();
            g.put(users.id(u), group);
        }
        return g;
    }

    /**
     * Light: a history no longer than the median length (the mean of the two middle ones for an even
     * count); heavy: longer. Each group is named with the median ("light (<= 42 items)"): "cold"
     * is kept for {@link org.recprompt.dataset.UserActivity}'s fixed threshold, the one the dataset
     * tab and the Sparsity study use.
     */
    static Map<String, String> byActivity(Users users, int[] evaluated, int[] lengths) {
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        Map<String, String> g = new HashMap<>();
        int n = sorted.length;
        if (n == 0) {
            return g;
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        String items = median == Math.rint(median) ? String.valueOf((long) median) : String.valueOf(median);
        String light = "light (<= " + items + " items)"; // "<=": the PDF font and LaTeX lack the symbol
        String heavy = "heavy (> " + items + " items)";
        for (int i = 0; i < evaluated.length; i++) {
            g.put(users.id(evaluated[i]), lengths[i] <= median ? light : heavy);
        }
        return g;
    }

    /** More than {@value #MAX_GROUPS} known values: the largest groups (ties by name) stay, the rest become one. */
    private static Map<String, String> pooled(String attribute, Map<String, String> g, List<String> notes) {
        Map<String, Long> sizes = g.values().stream().filter(x -> !x.equals(UNKNOWN))
                .collect(Collectors.groupingBy(x -> x, Collectors.counting()));
        if (sizes.size() <= MAX_GROUPS) {
            return g;
        }
        Set<String> kept = sizes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_GROUPS - 1).map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        String other = "other (" + (sizes.size() - kept.size()) + " values)";
        Map<String, String> out = new HashMap<>();
        g.forEach((user, group) -> out.put(user, group.equals(UNKNOWN) || kept.contains(group) ? group : other));
        notes.add(String.format(java.util.Locale.ROOT, "%s has %,d values among the evaluated users: its %d largest groups are"
                + " compared and the rest pooled as '%s'", attribute, sizes.size(), kept.size(), other));
        return out;
    }

    /**
     * Before a run: each attribute {@code groupGaps} names must be one the dataset's users have;
     * the error names it and the attributes there are.
     */
    static void check(ExperimentFile file, Users users) {
        List<String> requested = file.spec().groupGaps();
        if (requested == null) {
            return;
        }
        for (int i = 0; i < requested.size(); i++) {
            String name = requested.get(i);
            if (name.equals(ACTIVITY) || users.attributes().containsKey(name)) {
                continue;
            }
            List<String> has = users.attributes().keySet().stream().sorted().toList();
            String key = KEY + "[" + (i + 1) + "]";
            int line = file.line(key) != 0 ? file.line(key) : file.line(KEY);
            throw new ExperimentException(file.origin(), line, key, "the dataset's users have no attribute '" + name + "'"
                    + (has.isEmpty() ? "; it records none, so only activity can group its users"
                            : "; it has " + String.join(", ", has) + " (and activity, which every dataset has)"));
        }
    }
}
