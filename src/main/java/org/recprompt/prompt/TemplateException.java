package org.recprompt.prompt;

/** A template that cannot be read or rendered; the message names the template, the line and the problem. */
public class TemplateException extends RuntimeException {

    private final String origin;
    private final int line;

    public TemplateException(String origin, int line, String problem) {
        super(origin + (line > 0 ? " line " + line : "") + ": " + problem);
        this.origin = origin;
        this.line = line;
    }

    public String origin() {
        return origin;
    }

    /** The 1-based line in the template file, or 0. */
    public int line() {
        return line;
    }
}
