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
import java.util.List;

import org.recprompt.base.LineReader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The run's append-only journal ({@code journal.jsonl}): one {@link CallRecord} per line, written
 * with one unbuffered write as each call finishes, so the operating system has every finished call
 * the moment it is recorded and a killed process loses only the calls in flight. The file is also
 * forced to disk at most once a second and on close. Reading tolerates a torn last line (a process
 * killed in the middle of a write): it is reported and cut off before new lines are appended.
 */
public final class RunJournal implements AutoCloseable {

    static final String FILE = "journal.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The records read back, and how many lines could not be read (a torn tail, or damage). */
    public record Contents(List<CallRecord> records, int unreadable) {
    }

    private final FileChannel channel;
    /** Several processes append (a run's workers): each append takes the file's lock and writes at its end. */
    private final boolean shared;
    private long lastForce = System.nanoTime();

    private RunJournal(FileChannel channel, boolean shared) {
        this.channel = channel;
        this.shared = shared;
    }

    /** Records read from a byte offset on, and the offset after the last whole line read (where the next read starts). */
    public record Tail(List<CallRecord> records, long end) {
    }

    /**
     * The records of the whole lines from byte {@code from} on (a line still being written is left for the
     * next read; an unreadable line is skipped, as {@link #read} counts it). What a run's coordinator reads
     * while workers append, and what a worker reads to know which calls are done.
     */
    public static Tail readFrom(Path file, long from) {
        List<CallRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Tail(out, from);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= from) {
                return new Tail(out, Math.min(from, size));
            }
            long length = size - from;
            if (length > Integer.MAX_VALUE - 16) {
                length = Integer.MAX_VALUE - 16;
            }
            ByteBuffer b = ByteBuffer.allocate((int) length);
            while (b.hasRemaining() && ch.read(b, from + b.position()) > 0) {
                // read on
            }
            byte[] bytes = b.array();
            int n = b.position();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                if (i > start) {
                    parse(new String(bytes, start, i - start, StandardCharsets.UTF_8), out);
                }
                start = i + 1;
            }
            return new Tail(out, from + start);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static void parse(String line, List<CallRecord> out) {
        if (line.isBlank()) {
            return;
        }
        try {
            JsonNode n = JSON.readTree(line);
            if (n != null && n.isObject() && n.hasNonNull("variant") && n.hasNonNull("user")) {
                out.add(CallRecord.fromJson(n));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // unreadable (a torn line of a killed writer): its call has no record and is asked again
        }
    }

    /**
     * Opens a journal that several processes append to at once (a run's workers on a shared folder):
     * nothing is cut; each {@link #append} takes the file's operating-system lock, ends a line a killed
     * writer left torn, and writes its line at the file's end, so lines never interleave and what
     * {@link #read} and a resume see keeps the same format. One instance per file and process.
     */
    public static RunJournal openShared(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), org.recprompt.base.OwnerOnly.fileAttributes());
        return new RunJournal(ch, true);
    }

    /** Reads every record of a journal file (none when it does not exist). */
    public static Contents read(Path file) {
        List<CallRecord> out = new ArrayList<>();
        int bad = 0;
        if (!Files.exists(file)) {
            return new Contents(out, 0);
        }
        try (LineReader lines = new LineReader(file)) {
            while (true) {
                String line;
                try {
                    line = lines.readLine();
                } catch (LineReader.LineException e) {
                    bad++; // too long or not UTF-8: counted as unreadable like a torn line, its call is made again
                    continue;
                }
                if (line == null) {
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n == null || !n.isObject() || !n.hasNonNull("variant") || !n.hasNonNull("user")) {
                        bad++;
                        continue;
                    }
                    out.add(CallRecord.fromJson(n));
                } catch (JsonProcessingException e) {
                    bad++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("Cannot read the journal " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        return new Contents(out, bad);
    }

    /** Opens the journal for appending, first cutting a torn last line (anything after the last newline). */
    public static RunJournal open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), org.recprompt.base.OwnerOnly.fileAttributes());
        long size = ch.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            ch.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            ch.truncate(end);
        }
        ch.position(end);
        return new RunJournal(ch, false);
    }

    /** Appends one record as one line; returns once the operating system has it. */
    public void append(CallRecord r) {
        try {
            // The line is built, and the once-a-second flush to the disk done, outside the lock: every
            // call thread appends here, and none waits for another's serialising or for the disk.
            String json = JSON.writeValueAsString(r.toJson());
            boolean force;
            synchronized (this) {
                if (shared) {
                    appendLocked(json);
                } else {
                    writeLine(channel, json);
                }
                long now = System.nanoTime();
                force = now - lastForce > 1_000_000_000L;
                if (force) {
                    lastForce = now;
                }
            }
            if (force) {
                try {
                    channel.force(false);
                } catch (java.nio.channels.ClosedChannelException closedMeanwhile) {
                    // closed by close(), which forces the journal itself
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run journal: " + e.getMessage(), e);
        }
    }

    private void appendLocked(String json) throws IOException {
        try (java.nio.channels.FileLock ignored = channel.lock()) {
            long end = channel.size();
            String text = json + "\n";
            if (end > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                channel.read(last, end - 1);
                if (last.get(0) != '\n') {
                    text = "\n" + text; // a writer killed mid-line: its fragment stays a line of its own, unreadable
                }
            }
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                end += channel.write(b, end);
            }
        }
    }

    /** Writes {@code json} and a newline at the channel's end, whole (the run and batch journals' one way to append). */
    static void writeLine(FileChannel channel, String json) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }
}
