package org.recprompt.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.recprompt.base.LineReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Everything a run recorded for one user under one variant, read from the run folder on demand
 * (responses.jsonl streamed, the rendered prompt from prompts.jsonl by its hash): for the per-user
 * page. The answer is the model's raw text: untrusted, to be shown as text only.
 */
public record UserAnswers(String variant, String user, List<Answer> answers) {

    /** One grounded slot as recorded: rank, raw text, item id (null: none), outcome, method, score. */
    public record Slot(int rank, String rawText, String itemId, String outcome, String method, double score) {
    }

    /**
     * One call: repeat, status, error, raw answer, slots, candidates in prompt order, held-out items,
     * rendered prompt, a chain's earlier steps' answers (step name to answer; empty otherwise), and the
     * checked explanation (null when the template asks for none or the answer has none).
     */
    public record Answer(int repeat, String status, String error, String response, List<Slot> slots, List<String> candidates,
            List<String> relevant, List<Map.Entry<String, String>> prompt, Map<String, String> steps, Explanation explanation) {
    }
    /** A title an explanation cites: characters [start, end) of its text, the item (null: none), HISTORY, RECOMMENDED, INVENTED or UNKNOWN. */
    public record Cited(int start, int end, String text, String itemId, String kind) {
    }

    /** An answer's explanation as the run checked it (untrusted text). */
    public record Explanation(String text, int words, int sentences, int uniqueSentences, List<Cited> cited) {

        public long count(String kind) {
            return cited.stream().filter(c -> c.kind().equals(kind)).map(c -> c.itemId() == null ? c.text() : c.itemId()).distinct().count();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static UserAnswers read(Path runDir, String variant, String user) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        Path responses = runDir.resolve(RunFolder.RESPONSES);
        if (!Files.isRegularFile(responses)) {
            throw new ReportException(responses + " is missing: the run has no recorded answers");
        }
        try (LineReader r = new LineReader(responses)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("\"" + user + "\"") && line.contains("\"" + variant + "\"")) {
                    JsonNode n = JSON.readTree(line);
                    if (user.equals(n.path("user").asText()) && variant.equals(n.path("variant").asText())) {
                        lines.add(n);
                    }
                }
            }
        } catch (LineReader.LineException e) {
            throw new ReportException(e.getMessage() + "; the user's answers cannot be shown without it");
        }
        List<Answer> answers = new ArrayList<>();
        for (JsonNode n : lines) {
            List<Slot> slots = new ArrayList<>();
            for (JsonNode s : n.path("slots")) {
                slots.add(new Slot(s.path("slot").asInt(), s.path("raw_text").asText(""),
                        s.path("item_id").isNull() || s.path("item_id").asText().isEmpty() ? null : s.path("item_id").asText(),
                        s.path("outcome").asText(), s.path("method").asText(""), s.path("score").asDouble(Double.NaN)));
            }
            answers.add(new Answer(n.path("repeat").asInt(), n.path("status").asText(), text(n.path("error")),
                    text(n.path("response")), slots, strings(n.path("candidates")), strings(n.path("relevant")),
                    prompt(runDir, n.path("prompt_hash").asText(null)), steps(n.path("steps")), explanation(n.path("explanation"))));
        }
        return new UserAnswers(variant, user, answers);
    }

    private static Map<String, String> steps(JsonNode n) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Explanation explanation(JsonNode n) {
        if (!n.isObject() || !n.path("text").isTextual()) {
            return null;
        }
        String text = n.path("text").asText();
        List<Cited> cited = new ArrayList<>();
        for (JsonNode c : n.path("cited")) {
            int start = c.path("start").asInt(-1);
            int end = c.path("end").asInt(-1);
            if (start < 0 || end <= start || end > text.length()) {
                continue; // offsets that do not fit the text are not trusted
            }
            cited.add(new Cited(start, end, text.substring(start, end), text(c.path("item_id")), c.path("kind").asText("UNKNOWN")));
        }
        cited.sort(java.util.Comparator.comparingInt(Cited::start));
        return new Explanation(text, n.path("words").asInt(0), n.path("sentences").asInt(0), n.path("unique_sentences").asInt(0),
                List.copyOf(cited));
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static List<Map.Entry<String, String>> prompt(Path runDir, String hash) throws IOException {
        Path prompts = runDir.resolve(RunFolder.PROMPTS);
        if (hash == null || !Files.isRegularFile(prompts)) {
            return List.of();
        }
        try (LineReader r = new LineReader(prompts)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains(hash)) {
                    JsonNode n = JSON.readTree(line);
                    if (hash.equals(n.path("prompt_hash").asText())) {
                        List<Map.Entry<String, String>> out = new ArrayList<>();
                        n.path("messages").forEach(m -> out.add(Map.entry(m.path("role").asText(), m.path("text").asText())));
                        return out;
                    }
                }
            }
        } catch (LineReader.LineException e) {
            throw new ReportException(e.getMessage() + "; the prompt sent cannot be shown without it");
        }
        return List.of();
    }
}
