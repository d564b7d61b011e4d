package org.recprompt.dataset.io;

import java.nio.file.Path;

/**
 * Input that cannot be read as the dataset format says. The message names the file, the line
 * (when there is one) and the field, in one sentence, and never repeats the content of the line:
 * the file may not be a dataset at all (a path typed by mistake, or on purpose to read a server
 * file through the error), so only its length is said.
 */
public class DatasetFormatException extends RuntimeException {

    private final Path file;
    private final long line;

    public DatasetFormatException(Path file, long line, String problem, String text) {
        super(describe(file, line, problem, text));
        this.file = file;
        this.line = line;
    }

    public DatasetFormatException(Path file, String problem) {
        this(file, 0, problem, null);
    }

    private static String describe(Path file, long line, String problem, String text) {
        StringBuilder s = new StringBuilder(file == null ? "input" : file.toString());
        if (line > 0) {
            s.append(" line ").append(line);
        }
        s.append(": ").append(problem);
        if (text != null) {
            s.append(" (the line has ").append(text.length()).append(" characters; its text is not shown)");
        }
        return s.toString();
    }

    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem is with the whole file. */
    public long line() {
        return line;
    }
}
