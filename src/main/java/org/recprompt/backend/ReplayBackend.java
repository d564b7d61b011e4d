package org.recprompt.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.recprompt.base.LineReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Answers from a JSONL file of recorded responses, so that answers collected elsewhere (another
 * tool, a provider's batch API, a colleague's run) can be grounded and evaluated here. One object
 * per line: {@code user} (the dataset's user id) and {@code response} are required;
 * {@code sample} (repeat index, default 0), {@code variant} (matched against the request's
 * {@code variant} tag when both have one), {@code input_tokens} and {@code output_tokens} are
 * optional. A request with no recorded answer gets a failure that says which user and sample. A
 * line over 1 MB or bytes that are not UTF-8 are errors naming the line.
 */
public final class ReplayBackend implements Backend {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Recorded(String text, Usage usage) {
    }

    private final Path file;
    private final Map<String, Recorded> answers = new HashMap<>();

    public ReplayBackend(Path file) {
        this.file = file;
        try (LineReader reader = new LineReader(file)) {
            String text;
            while ((text = reader.readLine()) != null) {
                read((int) reader.lineNumber() - 1, text.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the replay file " + file + ": " + e.getMessage(), e);
        }
    }

    /** One recorded answer; n is the 0-based line. */
    private void read(int n, String line) {
        if (line.isEmpty()) {
            return;
        }
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (IOException e) {
            // the line's text is never repeated: the file may not be a replay file at all (a path typed by mistake or on purpose)
            throw new IllegalArgumentException(file + " line " + (n + 1) + ": not a JSON object; a replay file holds one"
                    + " object per line with \"user\" and \"response\"");
        }
        if (!o.isObject() || !o.hasNonNull("user") || !o.hasNonNull("response")) {
            throw new IllegalArgumentException(file + " line " + (n + 1) + ": needs \"user\" and \"response\"");
        }
        String key = key(o.get("user").asText(), o.path("sample").asInt(0), o.path("variant").asText(""));
        if (answers.put(key, new Recorded(o.get("response").asText(),
                new Usage(o.path("input_tokens").asLong(0), o.path("output_tokens").asLong(0)))) != null) {
            throw new IllegalArgumentException(file + " line " + (n + 1) + ": a second answer for the same user, sample and variant");
        }
    }

    @Override
    public BackendResult generate(BackendRequest request) {
        String user = request.tags().get("user");
        String variant = request.tags().getOrDefault("variant", "");
        Recorded r = answers.get(key(user, request.sampleIndex(), variant));
        if (r == null && !variant.isEmpty()) {
            r = answers.get(key(user, request.sampleIndex(), ""));
        }
        if (r == null) {
            return BackendResult.failed(new Failure(Failure.Kind.OTHER, "no recorded response for user " + user
                    + " (sample " + request.sampleIndex() + ") in " + file.getFileName()), 0);
        }
        return BackendResult.ok(r.text(), r.usage(), 0);
    }

    public int size() {
        return answers.size();
    }

    private static String key(String user, int sample, String variant) {
        return user + "\u0000" + sample + "\u0000" + variant;
    }
}
