package org.recprompt.grounding;

import java.util.Locale;

import org.recprompt.prompt.OutputFormat;

/**
 * How an answer is expected to be written; the parser tries this form first and falls back to the
 * others, because models do not always answer in the form they were asked for.
 */
public enum AnswerFormat {
    /** Numbered, bulleted, one-per-line or comma-separated titles. */
    LIST,
    /** A JSON array of titles or of objects with a title (fenced or not). */
    JSON,
    /** One choice letter (A, B, ...) referring to the candidates, or an abstention. */
    CHOICE,
    /** NIR's "watched item - candidate item" lines; the candidate is the slot. */
    PAIRS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "list", "json", "choice" or "pairs" (case-insensitive); names the accepted values otherwise. */
    public static AnswerFormat byId(String id) {
        for (AnswerFormat f : values()) {
            if (f.id().equalsIgnoreCase(id.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown answer format '" + id + "' (list, json, choice, pairs)");
    }

    /** The answer format a template's declared output format implies. */
    public static AnswerFormat of(OutputFormat output) {
        return switch (output) {
            case JSON_ARRAY -> JSON;
            case CHOICE_LETTER -> CHOICE;
            case PAIRS -> PAIRS;
            default -> LIST;
        };
    }
}
