package org.recprompt.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The run's batches ({@code batches.jsonl}): one line per event, appended and forced to disk at
 * once, so a run killed while its batches wait at the provider finds them on resume and never
 * submits a call twice. Events: {@code submitted} (the batch id, its backend, and each custom id's
 * call key), {@code state} (the provider's state and counts when they change), {@code cancel}
 * (cancel asked), {@code collected} (its answers are in the run journal). A batch is open from
 * submitted to collected. A torn last line (a kill mid-write) is ignored and cut before appending.
 */
final class BatchJournal implements AutoCloseable {

    static final String FILE = "batches.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A batch the journal records: its id, backend, custom id to call key, and the last state seen. */
    record Batch(String id, String backend, Map<String, String> calls, String state, int answered, int failed,
            boolean cancelAsked, boolean collected) {
    }

    private final FileChannel channel;
    private final Map<String, Batch> batches;

    private BatchJournal(FileChannel channel, Map<String, Batch> batches) {
        this.channel = channel;
        this.batches = batches;
    }

    /** Reads the folder's batch journal (none yet: empty) and opens it for appending. */
    static BatchJournal open(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        Map<String, Batch> read = read(file);
        FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), org.recprompt.base.OwnerOnly.fileAttributes());
        long end = ch.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            ch.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < ch.size()) {
            ch.truncate(end);
        }
        ch.position(end);
        return new BatchJournal(ch, read);
    }

    /** The batches a journal file records, in submission order. */
    static Map<String, Batch> read(Path file) throws IOException {
        Map<String, Batch> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException torn) {
                continue;
            }
            if (n == null || !n.isObject()) {
                continue;
            }
            String id = n.path("batch").asText("");
            String event = n.path("event").asText("");
            if (event.equals("submitted")) {
                Map<String, String> calls = new LinkedHashMap<>();
                n.path("calls").fields().forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asText()));
                out.put(id, new Batch(id, n.path("backend").asText(""), calls, "submitted", 0, 0, false, false));
                continue;
            }
            Batch b = out.get(id);
            if (b == null) {
                continue;
            }
            out.put(id, switch (event) {
                case "state" -> new Batch(id, b.backend(), b.calls(), n.path("state").asText(""), n.path("answered").asInt(),
                        n.path("failed").asInt(), b.cancelAsked(), b.collected());
                case "cancel" -> new Batch(id, b.backend(), b.calls(), b.state(), b.answered(), b.failed(), true, b.collected());
                case "collected" -> new Batch(id, b.backend(), b.calls(), b.state(), b.answered(), b.failed(), b.cancelAsked(), true);
                default -> b;
            });
        }
        return out;
    }

    /** The batches of a backend not yet collected, in submission order. */
    synchronized List<Batch> open(String backend) {
        return batches.values().stream().filter(b -> b.backend().equals(backend) && !b.collected()).toList();
    }

    synchronized List<Batch> all() {
        return List.copyOf(batches.values());
    }

    synchronized void submitted(String id, String backend, Map<String, String> calls) {
        Map<String, Object> m = event("submitted", id);
        m.put("backend", backend);
        m.put("calls", calls);
        append(m);
        batches.put(id, new Batch(id, backend, Map.copyOf(calls), "submitted", 0, 0, false, false));
    }

    synchronized void state(String id, String state, int answered, int failed) {
        Batch b = batches.get(id);
        if (b == null || (b.state().equals(state) && b.answered() == answered && b.failed() == failed)) {
            return;
        }
        Map<String, Object> m = event("state", id);
        m.put("state", state);
        m.put("answered", answered);
        m.put("failed", failed);
        append(m);
        batches.put(id, new Batch(id, b.backend(), b.calls(), state, answered, failed, b.cancelAsked(), b.collected()));
    }

    synchronized void cancelAsked(String id) {
        Batch b = batches.get(id);
        if (b == null || b.cancelAsked()) {
            return;
        }
        append(event("cancel", id));
        batches.put(id, new Batch(id, b.backend(), b.calls(), b.state(), b.answered(), b.failed(), true, b.collected()));
    }

    synchronized void collected(String id) {
        Batch b = batches.get(id);
        if (b == null) {
            return;
        }
        append(event("collected", id));
        batches.put(id, new Batch(id, b.backend(), b.calls(), b.state(), b.answered(), b.failed(), b.cancelAsked(), true));
    }

    private static Map<String, Object> event(String event, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("batch", id);
        m.put("time", Instant.now().toString());
        return m;
    }

    private void append(Map<String, Object> m) {
        try {
            RunJournal.writeLine(channel, JSON.writeValueAsString(m));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the batch journal: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }

    /** Every batch of a folder's journal, for a view or a test (none: empty). */
    static List<Batch> list(Path folder) {
        try {
            return new ArrayList<>(read(folder.resolve(FILE)).values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
