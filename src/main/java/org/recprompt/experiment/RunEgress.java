package org.recprompt.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.EgressSink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run's egress: every request its LLM backends sent goes to the run folder's {@code egress.jsonl},
 * one JSON object per line, appended in one write as it happens (a resumed run appends to it), and
 * to the workspace's log (when the run has one: the workbench, or {@code run} with the response
 * cache) through one writer thread in batches, so no request waits for a database insert; the
 * writer is drained when the run closes its egress. A line holds time, run, variant, backend,
 * provider, model, endpoint, bytes_sent, remote, users and status; never a key or a header. A
 * failed workspace write is thrown from the next record, as a synchronous write's would be.
 */
final class RunEgress implements EgressSink {

    static final String FILE = "egress.jsonl";
    /** Requests announced before they went out, each followed by {@code {"done": id}} once its attempt is recorded. */
    static final String IN_FLIGHT = ".egress-in-flight.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int BATCH = 256;
    private static final EgressEvent END = new EgressEvent(java.time.Instant.EPOCH, null, null, null, null, null, null, null, 0,
            false, List.of(), 0);

    private final EgressSink workspace;
    private final java.util.concurrent.BlockingQueue<EgressEvent> pending = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile RuntimeException writeFailure;
    private Thread writer;
    private FileChannel file;
    private FileChannel inFlight;
    private long inFlightIds;

    RunEgress(EgressSink workspace) {
        this.workspace = workspace == null ? EgressSink.NONE : workspace;
    }

    /** Hands events to the workspace's log in batches until {@link #END}. */
    private void write() {
        List<EgressEvent> batch = new ArrayList<>(BATCH);
        boolean end = false;
        while (!end) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pending.drainTo(batch, BATCH - 1);
            end = batch.remove(END);
            try {
                workspace.recordAll(batch);
            } catch (RuntimeException x) {
                writeFailure = x;
            }
            batch.clear();
        }
    }

    synchronized void attach(Path folder) throws IOException {
        attach(folder, IN_FLIGHT);
    }

    /**
     * As {@link #attach(Path)} with the in-flight note in a file of its own: a worker process, one of
     * several appending to the folder's egress.jsonl (each line one write in append mode), keeps its
     * requests in flight in {@code .egress-in-flight.WORKER.jsonl} so that no other process empties them.
     */
    synchronized void attach(Path folder, String inFlightFile) throws IOException {
        close();
        openRequests = 0;
        file = FileChannel.open(folder.resolve(FILE), java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), org.recprompt.base.OwnerOnly.fileAttributes());
        inFlight = FileChannel.open(folder.resolve(inFlightFile), java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), org.recprompt.base.OwnerOnly.fileAttributes());
    }

    /** Writes the request down in the in-flight file before it goes out; its {@code done} line follows once it is recorded. */
    @Override
    public InFlight sending(EgressEvent e) {
        if (inFlight == null) {
            return InFlight.NONE;
        }
        // The line is built outside the lock (every call thread passes here); only the id and the write are inside it.
        String event = json(fields(e));
        synchronized (this) {
            if (inFlight == null) {
                return InFlight.NONE;
            }
            long id = ++inFlightIds;
            openRequests++;
            writeLine(inFlight, "{\"id\":" + id + ",\"event\":" + event + "}");
            return () -> settle(id);
        }
    }

    private synchronized void settle(long id) {
        if (inFlight == null) {
            return;
        }
        if (--openRequests <= 0) {
            openRequests = 0;
            try {
                inFlight.truncate(0); // nothing is in flight: the note starts afresh instead of growing all run
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        } else {
            writeLine(inFlight, "{\"done\":" + id + "}");
        }
    }

    /** Requests announced by {@link #sending} and not yet settled. */
    private long openRequests;

    private static void writeLine(FileChannel channel, String line) {
        try {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /**
     * The requests a killed process had sent without recording them (announced, never done): they are
     * added to egress.jsonl with status 0 (no answer came) and the in-flight file is emptied. Call
     * after {@link #attach} and before any request of this run. Returns how many.
     */
    synchronized int settleAbandoned(Path folder) throws IOException {
        Path f = folder.resolve(IN_FLIGHT);
        if (inFlight == null || !Files.exists(f)) {
            return 0;
        }
        Map<Long, EgressEvent> open = new LinkedHashMap<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            try {
                JsonNode n = JSON.readTree(line);
                if (n.has("done")) {
                    open.remove(n.path("done").asLong());
                } else if (n.has("event")) {
                    open.put(n.path("id").asLong(), event(n.path("event")));
                }
            } catch (IOException | RuntimeException x) {
                // a torn last line from a kill: that request had not been announced in full
            }
        }
        for (EgressEvent e : open.values()) { // status 0: no answer came (the bytes left all the same)
            writeLine(file, line(new EgressEvent(e.time(), e.project(), e.run(), e.variant(), e.backend(), e.provider(), e.model(),
                    e.endpoint(), e.bytesSent(), e.remote(), e.users(), 0)));
        }
        inFlight.truncate(0);
        return open.size();
    }

    @Override
    public void record(EgressEvent e) {
        String line = file == null ? null : line(e); // built outside the lock
        synchronized (this) {
            if (workspace != EgressSink.NONE) {
                if (writer == null) {
                    writer = new Thread(this::write, "egress-log");
                    writer.setDaemon(true);
                    writer.start();
                }
                pending.add(e);
            }
            if (file != null) {
                writeLine(file, line != null ? line : line(e));
            }
        }
        RuntimeException failure = writeFailure;
        if (failure != null) {
            writeFailure = null;
            throw failure;
        }
    }

    /** Closes the run folder's file and waits until the workspace's log holds every event recorded. */
    synchronized void close() throws IOException {
        if (writer != null) {
            pending.add(END);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer = null;
        }
        if (file != null) {
            file.close();
            file = null;
        }
        if (inFlight != null) {
            inFlight.truncate(0); // every announced request was recorded: nothing is in flight
            inFlight.close();
            inFlight = null;
        }
    }

    /**
     * Hands the workspace's log every request of the folder's egress.jsonl it does not hold yet (a
     * run killed before its writer drained): compared as a multiset of (time to the millisecond,
     * variant, backend, endpoint, bytes, status), so running it twice adds nothing the second time.
     * First, requests a killed process had sent without recording them go to egress.jsonl
     * ({@link #settleAbandoned}). Call after {@link #attach} and before any request of this run.
     * Returns how many requests were added (to the log; without one, to egress.jsonl).
     */
    int reconcile(Path folder) throws IOException {
        int abandoned = settleAbandoned(folder);
        if (workspace == EgressSink.NONE) {
            return abandoned;
        }
        Map<List<String>, List<EgressEvent>> byRun = new LinkedHashMap<>();
        for (EgressEvent e : read(folder)) {
            byRun.computeIfAbsent(List.of(e.project(), e.run()), k -> new ArrayList<>()).add(e);
        }
        int added = 0;
        for (Map.Entry<List<String>, List<EgressEvent>> run : byRun.entrySet()) {
            List<EgressEvent> held = workspace.recorded(run.getKey().get(0), run.getKey().get(1));
            if (held == null) {
                return added;
            }
            Map<String, Integer> have = new java.util.HashMap<>();
            held.forEach(e -> have.merge(identity(e), 1, Integer::sum));
            List<EgressEvent> missing = new ArrayList<>();
            for (EgressEvent e : run.getValue()) {
                if (have.merge(identity(e), -1, Integer::sum) < 0) {
                    missing.add(e);
                }
            }
            for (int from = 0; from < missing.size(); from += BATCH) {
                workspace.recordAll(missing.subList(from, Math.min(missing.size(), from + BATCH)));
            }
            added += missing.size();
        }
        return added;
    }

    /** What tells one request from another in both stores (the log cuts long names; 200 characters are kept by both). */
    private static String identity(EgressEvent e) {
        return e.time().toEpochMilli() + "\t" + head(e.variant()) + "\t" + head(e.backend()) + "\t" + head(e.endpoint()) + "\t"
                + e.bytesSent() + "\t" + e.status();
    }

    private static String head(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200);
    }

    static String line(EgressEvent e) {
        return json(fields(e));
    }

    private static String json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    private static Map<String, Object> fields(EgressEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("project", e.project());
        m.put("run", e.run());
        m.put("variant", e.variant());
        m.put("backend", e.backend());
        m.put("provider", e.provider());
        m.put("model", e.model());
        m.put("endpoint", e.endpoint());
        m.put("bytes_sent", e.bytesSent());
        m.put("remote", e.remote());
        m.put("users", e.users());
        m.put("status", e.status());
        return m;
    }

    private static EgressEvent event(JsonNode n) {
        List<String> users = new ArrayList<>();
        n.path("users").forEach(u -> users.add(u.asText()));
        return new EgressEvent(java.time.Instant.parse(n.path("time").asText()), n.path("project").asText(""),
                n.path("run").asText(""), n.path("variant").asText(""), n.path("backend").asText(),
                n.path("provider").asText(), n.path("model").asText(null), n.path("endpoint").asText(),
                n.path("bytes_sent").asLong(), n.path("remote").asBoolean(), users, n.path("status").asInt());
    }

    /** The events of a run folder's egress.jsonl (an unreadable line is skipped); empty without the file. */
    static List<EgressEvent> read(Path folder) throws IOException {
        Path f = folder.resolve(FILE);
        List<EgressEvent> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            try {
                out.add(event(JSON.readTree(line)));
            } catch (IOException | RuntimeException x) {
                // a torn last line from a kill
            }
        }
        return out;
    }
}
