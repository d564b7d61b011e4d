package org.recprompt.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.recprompt.base.LineReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run's privacy and fairness studies as its folder holds them ({@link RunFolder#studies()}):
 * each prompt-based variant's privacy transform and the information it sent (summary.json),
 * FaiRLLM probe similarities and SNSR/SNSV (fairness.json), group accuracy gaps (groups.json), and
 * what left the machine (egress.jsonl, summed per backend and endpoint). Each part is empty when the
 * run did not write it; unreadable files are noted, not fatal.
 */
public record Studies(List<Privacy> privacy, Probes probes, Gaps gaps, List<Egress> egress, List<String> notes) {

    public static final String FAIRNESS = "fairness.json";
    public static final String GROUPS = "groups.json";
    public static final String EGRESS = "egress.jsonl";

    /** A variant's privacy transform and the mean real history titles and prompt bytes it sent per user. */
    public record Privacy(String variant, String transform, double realHistoryItems, double promptBytes) {
    }

    /** One sensitive value's mean similarity to the neutral lists over {@code pairs} (user, repeat) pairs. */
    public record ProbeValue(String group, String neutral, String attribute, String value, String variant, double jaccard,
            double serp, double prag, int pairs) {
    }

    /** One attribute's unfairness: SNSR and SNSV of jaccard, serp and prag over its values. */
    public record ProbeAttribute(String group, String attribute, int values, Map<String, Double> snsr,
            Map<String, Double> snsv) {
    }

    public record Probes(int k, String normalisation, List<ProbeValue> values, List<ProbeAttribute> attributes) {
    }

    /** One group of users: its name, size, mean of the gap metric, and whether it is too small for its mean to say much. */
    public record Group(String name, int n, double mean, boolean small) {
    }

    /**
     * A variant's gap over one grouping (gender, age, occupation, activity, ...); {@code gapLargeGroups}:
     * the gap among the groups that are not small (NaN with fewer than two, or in older runs).
     */
    public record Gap(String variant, String by, List<Group> groups, String best, String worst, double gap, double p,
            double pHolm, double gapLargeGroups) {
    }

    /**
     * The gaps of every variant; {@code smallGroup}: groups of fewer users are flagged (0 in runs
     * written before the flag); {@code notes}: groupings left out or pooled, as sentences.
     */
    public record Gaps(String metric, String test, List<Gap> rows, int smallGroup, List<String> notes) {

        /** How to read the groups: the small flag and the group of users without a value. */
        public String reading() {
            StringBuilder s = new StringBuilder();
            if (smallGroup > 0) {
                s.append("A group marked small has fewer than ").append(smallGroup)
                        .append(" users: its mean alone says little (the test still counts it).");
            }
            if (rows.stream().anyMatch(g -> g.groups().stream().anyMatch(x -> x.name().equals("unknown")))) {
                s.append(s.length() == 0 ? "" : " ").append("unknown: the users without a value (listed, outside the gap and its test).");
            }
            notes.forEach(n -> s.append(s.length() == 0 ? "" : " ").append(Character.toUpperCase(n.charAt(0)))
                    .append(n.substring(1)).append('.'));
            return s.toString();
        }
    }

    /** Requests one backend sent to one endpoint: how many, bytes, distinct users whose data went. */
    public record Egress(String backend, String provider, String endpoint, boolean remote, long requests, long bytes,
            int users) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Studies read(Path dir, JsonNode summary) {
        List<String> notes = new ArrayList<>();
        List<Privacy> privacy = new ArrayList<>();
        for (JsonNode v : summary.path("variants")) {
            JsonNode p = v.get("privacy");
            if (p != null && p.isObject()) {
                privacy.add(new Privacy(v.path("id").asText(), p.path("transform").asText("none"),
                        RunFolder.number(p.get("real_history_items")), RunFolder.number(p.get("prompt_bytes"))));
            }
        }
        Probes probes = null;
        JsonNode f = json(dir.resolve(FAIRNESS), notes);
        if (f != null) {
            List<ProbeValue> values = new ArrayList<>();
            List<ProbeAttribute> attributes = new ArrayList<>();
            for (JsonNode g : f.path("groups")) {
                String group = g.path("group").asText();
                for (JsonNode v : g.path("values")) {
                    values.add(new ProbeValue(group, g.path("neutral").asText(), v.path("attribute").asText(),
                            v.path("value").asText(), v.path("variant").asText(), RunFolder.number(v.get("jaccard")),
                            RunFolder.number(v.get("serp")), RunFolder.number(v.get("prag")), v.path("pairs").asInt()));
                }
                for (JsonNode a : g.path("attributes")) {
                    attributes.add(new ProbeAttribute(group, a.path("attribute").asText(), a.path("values").asInt(),
                            numbers(a.path("snsr")), numbers(a.path("snsv"))));
                }
            }
            probes = new Probes(f.path("k").asInt(), f.path("normalisation").asText(""), List.copyOf(values),
                    List.copyOf(attributes));
        }
        Gaps gaps = null;
        JsonNode g = json(dir.resolve(GROUPS), notes);
        if (g != null && g.path("metric").isTextual()) {
            List<Gap> rows = new ArrayList<>();
            for (JsonNode v : g.path("variants")) {
                for (JsonNode r : v.path("gaps")) {
                    List<Group> groups = new ArrayList<>();
                    boolean activity = "activity".equals(r.path("by").asText());
                    r.path("groups").forEach(x -> groups.add(new Group(groupName(activity, x.path("group").asText()), x.path("n").asInt(),
                            RunFolder.number(x.get("mean")), x.path("small").asBoolean(false))));
                    rows.add(new Gap(v.path("variant").asText(), r.path("by").asText(), List.copyOf(groups),
                            groupName(activity, r.path("best").asText()), groupName(activity, r.path("worst").asText()), RunFolder.number(r.get("gap")),
                            RunFolder.number(r.get("p")), RunFolder.number(r.get("p_holm")),
                            RunFolder.number(r.get("gap_large_groups"))));
                }
            }
            List<String> gapNotes = new ArrayList<>();
            g.path("notes").forEach(x -> gapNotes.add(x.asText()));
            gaps = new Gaps(g.path("metric").asText(), g.path("test").asText(""), List.copyOf(rows),
                    g.path("small_group").asInt(0), List.copyOf(gapNotes));
        }
        return new Studies(List.copyOf(privacy), probes, gaps, egress(dir.resolve(EGRESS), notes), List.copyOf(notes));
    }

    /**
     * A group's name as shown: runs made before the activity groups were named with their median
     * called the shorter histories "cold", which now means at most
     * {@value org.recprompt.dataset.UserActivity#COLD_MAX} items (UserActivity); they are shown as
     * what they were.
     */
    static String groupName(boolean activity, String group) {
        return activity && group.equals("cold") ? "light (<= median)" : activity && group.equals("heavy") ? "heavy (> median)" : group;
    }

    /** Whether the privacy transform varies between variants (so the trade-off chart means something). */
    public boolean privacyVaries() {
        return privacy.stream().map(Privacy::transform).distinct().count() > 1;
    }

    private static List<Egress> egress(Path file, List<String> notes) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, JsonNode> first = new LinkedHashMap<>();
        Map<String, Set<String>> users = new LinkedHashMap<>();
        try (LineReader r = new LineReader(file)) {
            String line;
            while ((line = r.readLineSkippingLong(m -> notes.add(m + "; that request is left out of the egress counts"))) != null) {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a torn last line
                }
                String key = n.path("backend").asText() + "\t" + n.path("endpoint").asText();
                first.putIfAbsent(key, n);
                long[] s = sums.computeIfAbsent(key, k -> new long[2]);
                s[0]++;
                s[1] += n.path("bytes_sent").asLong();
                Set<String> u = users.computeIfAbsent(key, k -> new HashSet<>());
                n.path("users").forEach(x -> u.add(x.asText()));
            }
        } catch (IOException e) {
            notes.add("Cannot read " + file.getFileName() + ": " + e.getMessage());
            return List.of();
        }
        List<Egress> out = new ArrayList<>();
        sums.forEach((k, s) -> {
            JsonNode n = first.get(k);
            out.add(new Egress(n.path("backend").asText(), n.path("provider").asText(), n.path("endpoint").asText(),
                    n.path("remote").asBoolean(), s[0], s[1], users.get(k).size()));
        });
        return List.copyOf(out);
    }

    private static JsonNode json(Path file, List<String> notes) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            notes.add(file.getFileName() + " is not readable JSON: " + e.getMessage());
            return null;
        }
    }

    private static Map<String, Double> numbers(JsonNode n) {
        Map<String, Double> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), RunFolder.number(e.getValue())));
        return out;
    }
}
