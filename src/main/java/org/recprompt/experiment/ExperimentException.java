package org.recprompt.experiment;

/**
 * A problem with an experiment file, naming the file, the line and the key it is about:
 * {@code exp.yaml, line 9, backends[3].concurrency: must be a whole number of at least 1, not 'eight'}.
 */
public final class ExperimentException extends RuntimeException {

    private final String origin;
    private final int line;
    private final String key;
    private final String problem;

    public ExperimentException(String origin, int line, String key, String problem) {
        super(format(origin, line, key, problem));
        this.origin = origin;
        this.line = line;
        this.key = key;
        this.problem = problem;
    }

    /** The message of a problem (also a plan warning's text): file, line, key and the problem. */
    static String format(String origin, int line, String key, String problem) {
        StringBuilder s = new StringBuilder();
        s.append(origin == null ? "experiment" : origin);
        if (line > 0) {
            s.append(", line ").append(line);
        }
        if (key != null && !key.isEmpty()) {
            s.append(", ").append(key);
        }
        return s.append(": ").append(problem).toString();
    }

    public String origin() {
        return origin;
    }

    /** The 1-based line, or 0 when the problem is not about one line. */
    public int line() {
        return line;
    }

    /** The key's path, for example {@code backends[3].concurrency}; null when about the whole file. */
    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }
}
