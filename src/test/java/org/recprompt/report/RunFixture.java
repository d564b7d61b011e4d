package org.recprompt.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.base.Hashes;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small run folder as the experiment runner writes it, built by the tests: 6 users, 5 candidates
 * each, K = 3, three variants ("base" random, "A" most-popular, and an LLM variant whose id holds
 * LaTeX and HTML specials), one answer with a script tag and an invented title that is markup, a
 * backend with a key in its settings, a template with specials, and a prompts file.
 */
public final class RunFixture {

    public static final String LLM = "B_50%&co";
    public static final String SCRIPT_ANSWER = "1. Heat\n2. <script>alert('owned')</script>\n3. Fargo";
    static final String INVENTED = "<img src=x onerror=alert(1)>";
    static final String SECRET = "sk-secretsecret123";
    static final String TEMPLATE = "---\nname: rank-fixture\n---\n[user]\nRank these {{candidates}} & pick 100% <b>now</b> \\section{x} ~_^\n";
    static final List<String> USERS = List.of("u1", "u2", "u3", "u4", "u5", "u6");
    /** The held-out item's prompt position per user (1-based). */
    static final int[] POSITION = {1, 2, 3, 1, 2, 3};

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFixture() {
    }

    /** Writes the run folder {@code dir/run} (and the template beside it) and returns the folder. */
    public static Path write(Path dir) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path template = dir.resolve("rank-fixture.mustache");
        Files.writeString(template, TEMPLATE, StandardCharsets.UTF_8);
        Files.writeString(run.resolve(RunFolder.SUMMARY), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary(template)));
        Files.write(run.resolve(RunFolder.METRICS_PER_USER), perUser(), StandardCharsets.UTF_8);
        Files.write(run.resolve(RunFolder.RESPONSES), responses(), StandardCharsets.UTF_8);
        Files.writeString(run.resolve(RunFolder.PROMPTS), JSON.writeValueAsString(Map.of("prompt_hash", "abc", "template", "rank-fixture",
                "template_version", version(TEMPLATE), "user", "u1", "messages",
                List.of(Map.of("role", "user", "text", "Rank these: Heat, Fargo <b>bold</b>")))) + "\n");
        Files.writeString(run.resolve(RunFolder.RUN_STATE), "{\"format\": 1, \"state\": \"complete\"}\n");
        return run;
    }

    static String version(String text) {
        return HexFormat.of().formatHex(Hashes.sha256(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
    }

    private static Map<String, Object> summary(Path template) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", "fixture & co");
        m.put("app_version", "9.9.9-test");
        m.put("started", "2026-01-01T10:00:00Z");
        m.put("finished", "2026-01-01T10:01:00Z");
        m.put("fingerprint", "f1f2f3");
        m.put("dataset", Map.of("path", "/nonexistent/ml-fixture", "name", "ml-fixture", "format", "movielens-csv", "users", 6,
                "items", 20, "interactions", 160));
        m.put("split", Map.of("method", "leave-last-out", "test_interactions", 6));
        m.put("users", Map.of("sample", 6, "evaluated", 6));
        m.put("candidates", Map.of("size", 5, "negatives", "random", "orders", 1,
                "chance_level", Map.of("ndcg@3", 0.426186, "hr@3", 0.6)));
        m.put("seeds", Map.of("experiment", 7, "users", 3, "bootstrap", 7, "backends", Map.of("base", 3)));
        m.put("templates", List.of(Map.of("name", "rank-fixture", "path", template.toString(), "version", version(TEMPLATE))));
        Map<String, Object> llm = new LinkedHashMap<>();
        llm.put("id", "llm");
        llm.put("type", "openai");
        llm.put("model", "test-model");
        llm.put("baseUrl", "http://user:pw@127.0.0.1:1/v1?key=abc123");
        llm.put("apiKey", SECRET);
        llm.put("apiKeyEnv", "TEST_KEY");
        m.put("backends", List.of(Map.of("id", "base", "type", "random", "seed", 3), Map.of("id", "A", "type", "most-popular"), llm));
        m.put("k", List.of(3));
        m.put("repeats", 1);
        m.put("variants", List.of(
                variant("base", "random", 0.3, 0.5, 12.0, 0.8, 0.0, 1.0, 0, 0),
                variant("A", "most-popular", 0.7, 1.0, 30.0, 0.9, 0.0, 1.0, 0, 0),
                variant(LLM, "openai", 0.2, 0.1667, 25.0, 0.95, 1 / 18.0, 5 / 6.0, 0.006, 600)));
        return m;
    }

    private static Map<String, Object> variant(String id, String type, double ndcg, double hr, double arp, double gini, double halluc,
            double compliance, double cost, long tokens) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("backend", id.equals(LLM) ? "llm" : id);
        v.put("backend_type", type);
        v.put("template", id.equals(LLM) ? "rank-fixture" : null);
        v.put("n_users", 6);
        v.put("n_calls", 6);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("ndcg@3", Map.of("mean", ndcg, "ci", List.of(ndcg - 0.1, ndcg + 0.1), "n", 6));
        metrics.put("hr@3", Map.of("mean", hr, "ci", List.of(Math.max(0, hr - 0.2), Math.min(1, hr + 0.2)), "n", 6));
        metrics.put("arp", Map.of("mean", arp, "ci", List.of(arp - 2, arp + 2), "n", 6));
        metrics.put("gini", Map.of("mean", gini));
        metrics.put("hallucination_rate", Map.of("mean", halluc, "ci", List.of(0.0, halluc * 2), "n", 6));
        metrics.put("compliance_rate", Map.of("mean", compliance, "ci", List.of(compliance * 0.8, 1.0), "n", 6));
        metrics.put("abstention_rate", Map.of("mean", 0.0, "ci", List.of(0.0, 0.0), "n", 6));
        v.put("metrics", metrics);
        v.put("statuses", Map.of("OK", id.equals(LLM) ? 5 : 6, "UNPARSEABLE", id.equals(LLM) ? 1 : 0));
        v.put("cost", cost);
        v.put("usage", Map.of("input_tokens", tokens, "output_tokens", tokens / 10));
        return v;
    }

    /** Per-user values: ndcg@3 = (variant offset) + user index / 100, so every user differs. */
    private static List<String> perUser() {
        List<String> lines = new ArrayList<>(List.of("variant,user,responses,errors,slots,hallucinated,history_length,ndcg@3,hr@3,arp"));
        int[] history = {3, 8, 15, 40, 90, 250};
        double[] offset = {0.3, 0.7, 0.2};
        List<String> variants = List.of("base", "A", LLM);
        for (int v = 0; v < 3; v++) {
            for (int u = 0; u < USERS.size(); u++) {
                boolean hit = hit(variants.get(v), u);
                lines.add(String.format(java.util.Locale.ROOT, "\"%s\",%s,1,0,3,%d,%d,%.6f,%d,%.6f", variants.get(v), USERS.get(u),
                        v == 2 && u == 1 ? 1 : 0, history[u], offset[v] + u / 100.0, hit ? 1 : 0, 10.0 + v * 5 + u));
            }
        }
        return lines;
    }

    /** base hits when the held-out item is shown first; A always; the LLM only for u1. */
    static boolean hit(String variant, int user) {
        return switch (variant) {
            case "base" -> POSITION[user] == 1;
            case "A" -> true;
            default -> user == 0;
        };
    }

    private static List<String> responses() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String v : List.of("base", "A", LLM)) {
            for (int u = 0; u < USERS.size(); u++) {
                List<String> candidates = new ArrayList<>();
                for (int c = 0; c < 5; c++) {
                    candidates.add(String.valueOf(100 + u * 10 + c));
                }
                String relevant = candidates.get(POSITION[u] - 1);
                List<String> others = candidates.stream().filter(c -> !c.equals(relevant)).toList();
                List<Map<String, Object>> slots = new ArrayList<>();
                boolean hit = hit(v, u);
                slots.add(slot(1, hit ? relevant : others.get(0), hit ? "HIT" : "VALID"));
                slots.add(slot(2, others.get(1), "VALID"));
                if (v.equals(LLM) && u == 1) {
                    slots.add(slot(3, null, "HALLUCINATED"));
                } else {
                    slots.add(slot(3, others.get(2), "VALID"));
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("variant", v);
                r.put("backend", v.equals(LLM) ? "llm" : v);
                r.put("user", USERS.get(u));
                r.put("repeat", 0);
                r.put("status", v.equals(LLM) && u == 5 ? "UNPARSEABLE" : "OK");
                r.put("response", v.equals(LLM) ? (u == 0 ? SCRIPT_ANSWER : "1. something") : null);
                r.put("slots", slots);
                r.put("usage", Map.of("input_tokens", v.equals(LLM) ? 100 : 0, "output_tokens", v.equals(LLM) ? 10 : 0));
                r.put("latency_ms", 5);
                r.put("cost", v.equals(LLM) ? 0.001 : 0.0);
                r.put("candidates", candidates);
                r.put("relevant", List.of(relevant));
                lines.add(JSON.writeValueAsString(r));
            }
        }
        return lines;
    }

    private static Map<String, Object> slot(int rank, String item, String outcome) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("slot", rank);
        s.put("raw_text", item == null ? INVENTED : "Movie " + item);
        s.put("item_id", item);
        s.put("outcome", outcome);
        s.put("method", "exact");
        return s;
    }
}
