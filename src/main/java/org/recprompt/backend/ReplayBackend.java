package org.recprompt.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Answers from a JSONL file of recorded responses, so that answers collected elsewhere (another
 * tool, a provider's batch API, a colleague's run) can be grounded and evaluated here. One object
 * per line: {@code user} (the dataset's user id) and {@code response} are required;
 * {@code sample} (repeat index, default 0), {@code variant} (matched against the request's
 * {@code variant} tag when both have one), {@code input_tokens} and {@code output_tokens} are
 * optional. A request with no recorded answer gets a failure that says which user and sample.
 */
public final class ReplayBackend implements Backend {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Recorded(String text, Usage usage) {
    }

    private final Path file;
    private final Map<String, Recorded> answers = new HashMap<>();

    public ReplayBackend(Path file) {
        this.file = file;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the replay file " + file + ": " + e.getMessage(), e);
        }
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
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
