package org.recprompt.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dataset records about its users, attribute by attribute (ml-100k and ML-1M: gender, age,
 * occupation, zip; Book-Crossing: age, location): how many users have a value (a blank value counts
 * as none), how many distinct values there are, and the {@value #TOP} most frequent values with their
 * user counts, the remaining values summed as "others" so that a zip code or a location stays
 * short. An attribute whose every value is a plain number (no leading zero) also gets min/median/max,
 * unless it names an identifier (a name ending in "id", such as MovieTweetings' twitter_id, whose
 * median means nothing); an age in years also gets the users per {@link AgeBands} band.
 */
public record UserAttributeStats(String name, int users, int withValue, int distinct, List<Count> top, int otherValues,
        int otherUsers, Numeric numeric, Map<String, Integer> bands) {

    /** Values listed by name; the rest are summed. */
    public static final int TOP = 10;

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

    /** One value and the number of users who have it. */
    public record Count(String value, int users) {
    }

    /** Min, median and max of an attribute whose every value is a number. */
    public record Numeric(double min, double median, double max) {
    }

    public UserAttributeStats {
        top = List.copyOf(top);
        bands = bands == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bands));
    }

    /** Users without a value. */
    public int withoutValue() {
        return users - withValue;
    }

    /** Every attribute of the users, by name. */
    public static List<UserAttributeStats> of(Users users) {
        List<UserAttributeStats> out = new ArrayList<>();
        for (String name : users.attributes().keySet().stream().sorted().toList()) {
            out.add(of(users, name));
        }
        return List.copyOf(out);
    }

    /** True for an attribute that names an identifier: "id", "twitter_id", "userId". */
    static boolean isIdentifier(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.equals("id") || n.endsWith("_id") || n.endsWith("-id") || name.endsWith("Id");
    }

    static UserAttributeStats of(Users users, String name) {
        Map<String, Integer> counts = new HashMap<>();
        int with = 0;
        double[] numbers = new double[users.size()];
        int numeric = 0;
        boolean allNumbers = true;
        for (int u = 0; u < users.size(); u++) {
            String v = users.attribute(name, u);
            if (v == null || v.isBlank()) {
                continue;
            }
            v = v.strip();
            with++;
            counts.merge(v, 1, Integer::sum);
            if (allNumbers) {
                Double x = number(v);
                if (x == null) {
                    allNumbers = false;
                } else {
                    numbers[numeric++] = x;
                }
            }
        }
        List<Count> sorted = counts.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(Count::users).reversed().thenComparing(Count::value)).toList();
        List<Count> top = sorted.subList(0, Math.min(TOP, sorted.size()));
        int otherUsers = sorted.stream().skip(TOP).mapToInt(Count::users).sum();
        Numeric stats = null;
        Map<String, Integer> bands = null;
        if (allNumbers && numeric > 0 && !isIdentifier(name)) {
            double[] x = Arrays.copyOf(numbers, numeric);
            Arrays.sort(x);
            int n = x.length;
            stats = new Numeric(x[0], n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2, x[n - 1]);
            if (name.equals(AgeBands.ATTRIBUTE)) {
                bands = new LinkedHashMap<>();
                for (String b : AgeBands.LABELS) {
                    bands.put(b, 0);
                }
                for (double a : x) {
                    bands.merge(AgeBands.of((int) Math.floor(a)), 1, Integer::sum);
                }
            }
        }
        return new UserAttributeStats(name, users.size(), with, counts.size(), top, Math.max(0, sorted.size() - TOP),
                otherUsers, stats, bands);
    }

    /** The attribute as a JSON-ready map (snake_case keys): what {@code dataset stats --json} prints. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("users_with_value", withValue);
        m.put("users_without_value", withoutValue());
        m.put("distinct_values", distinct);
        List<Object> values = new ArrayList<>();
        for (Count c : top) {
            values.add(ordered("value", c.value(), "users", c.users()));
        }
        m.put("top_values", values);
        if (otherValues > 0) {
            m.put("others", ordered("values", otherValues, "users", otherUsers));
        }
        if (numeric != null) {
            m.put("min", numeric.min());
            m.put("median", numeric.median());
            m.put("max", numeric.max());
        }
        if (bands != null) {
            m.put("bands", bands);
        }
        return m;
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    /**
     * The value as a number when it is written as one (digits, an optional sign and decimals, no
     * leading zero: a zip code such as 01002 is text), else null.
     */
    static Double number(String s) {
        return s.length() <= 15 && NUMBER.matcher(s).matches() ? Double.parseDouble(s) : null;
    }
}
