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
 * A run's egress: every request its LLM backends sent goes to the workspace's log (when the run has
 * one: the workbench, or {@code run} with the response cache) and to the run folder's
 * {@code egress.jsonl}, one JSON object per line, appended in one write as it happens (a resumed run
 * appends to it). A line holds time, run, variant, backend, provider, model, endpoint, bytes_sent,
 * remote, users and status; never a key or a header.
 */
final class RunEgress implements EgressSink {

    static final String FILE = "egress.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EgressSink workspace;
    private FileChannel file;

    RunEgress(EgressSink workspace) {
        this.workspace = workspace == null ? EgressSink.NONE : workspace;
    }

    synchronized void attach(Path folder) throws IOException {
        close();
        file = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void record(EgressEvent e) {
        RuntimeException failure = null;
        try {
            workspace.record(e);
        } catch (RuntimeException x) {
            failure = x; // the run folder's file still gets the line
        }
        synchronized (this) {
            if (file != null) {
                try {
                    file.write(ByteBuffer.wrap((line(e) + "\n").getBytes(StandardCharsets.UTF_8)));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    synchronized void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    static String line(EgressEvent e) {
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
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
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
                JsonNode n = JSON.readTree(line);
                List<String> users = new ArrayList<>();
                n.path("users").forEach(u -> users.add(u.asText()));
                out.add(new EgressEvent(java.time.Instant.parse(n.path("time").asText()), n.path("project").asText(""),
                        n.path("run").asText(""), n.path("variant").asText(""), n.path("backend").asText(),
                        n.path("provider").asText(), n.path("model").asText(null), n.path("endpoint").asText(),
                        n.path("bytes_sent").asLong(), n.path("remote").asBoolean(), users, n.path("status").asInt()));
            } catch (IOException | RuntimeException x) {
                // a torn last line from a kill
            }
        }
        return out;
    }
}
