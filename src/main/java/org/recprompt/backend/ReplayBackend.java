package org.recprompt.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.recprompt.base.JsonIds;
import org.recprompt.base.LineReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Answers from a JSONL file of recorded responses, so that answers collected elsewhere (another
 * tool, a provider's batch API, a colleague's run) can be grounded and evaluated here. One object
 * per line: {@code user} (the dataset's user id) and {@code response} are required;
 * {@code sample} (repeat index, default 0), {@code variant} (matched against the request's
 * {@code variant} tag when both have one), {@code input_tokens} and {@code output_tokens} are
 * optional. {@code relevant} and {@code candidates} (non-empty arrays of the dataset's item ids, read
 * by {@link JsonIds}) are the paper's own truth for that answer: with them, the run grounds and scores the answer against the
 * recorded held-out items and candidates instead of the split's ({@link #truth}); their ids are
 * checked against the dataset by {@link #checkItems}. A request with no recorded answer gets a
 * failure that says which user and sample. A line over 1 MB or bytes that are not UTF-8 are errors
 * naming the line.
 */
public final class ReplayBackend implements Backend {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Recorded(String text, Usage usage, Truth truth) {
    }

    /**
     * What an answer line recorded beside the answer: its relevant items and its candidates (the
     * dataset's item ids, in the file's order), each null when the line has none.
     *
     * @param line the line of the replay file (from 1), for errors
     */
    public record Truth(int line, List<String> relevant, List<String> candidates) {

        public Truth {
            relevant = relevant == null ? null : List.copyOf(relevant);
            candidates = candidates == null ? null : List.copyOf(candidates);
        }
    }

    private final Path file;
    private final Map<String, Recorded> answers = new HashMap<>();
    private int truths;

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
        List<String> relevant = JsonIds.read(o, "relevant", file + " line " + (n + 1));
        List<String> candidates = JsonIds.read(o, "candidates", file + " line " + (n + 1));
        Truth truth = relevant == null && candidates == null ? null : new Truth(n + 1, relevant, candidates);
        if (truth != null) {
            truths++;
        }
        if (answers.put(key, new Recorded(o.get("response").asText(),
                new Usage(o.path("input_tokens").asLong(0), o.path("output_tokens").asLong(0)), truth)) != null) {
            throw new IllegalArgumentException(file + " line " + (n + 1) + ": a second answer for the same user, sample and variant");
        }
    }

    /**
     * Every recorded {@code relevant} and {@code candidates} id checked against the dataset: the
     * first unknown id is an error naming the file, the line and the field.
     *
     * @param known whether an id is an item of the dataset
     * @param dataset how the dataset is named in the error
     */
    public void checkItems(Predicate<String> known, String dataset) {
        for (Recorded r : answers.values()) {
            Truth t = r.truth();
            if (t == null) {
                continue;
            }
            for (String field : List.of("relevant", "candidates")) {
                List<String> ids = field.equals("relevant") ? t.relevant() : t.candidates();
                for (String id : ids == null ? List.<String>of() : ids) {
                    if (!known.test(id)) {
                        throw new IllegalArgumentException(file + " line " + t.line() + ": field \"" + field + "\": there is no item "
                                + id + " in " + dataset);
                    }
                }
            }
        }
    }

    /**
     * The truth recorded with the answer this request would get (same lookup as {@link #generate}),
     * empty when that line recorded none or there is no such line.
     */
    public Optional<Truth> truth(String user, int sample, String variant) {
        Recorded r = lookup(user, sample, variant == null ? "" : variant);
        return r == null ? Optional.empty() : Optional.ofNullable(r.truth());
    }

    /** How many answer lines record {@code relevant} or {@code candidates}. */
    public int truths() {
        return truths;
    }

    private Recorded lookup(String user, int sample, String variant) {
        Recorded r = answers.get(key(user, sample, variant));
        if (r == null && !variant.isEmpty()) {
            r = answers.get(key(user, sample, ""));
        }
        return r;
    }

    @Override
    public BackendResult generate(BackendRequest request) {
        String user = request.tags().get("user");
        String variant = request.tags().getOrDefault("variant", "");
        Recorded r = lookup(user, request.sampleIndex(), variant);
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
