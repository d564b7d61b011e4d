package org.recprompt.prompt;

import java.util.Locale;

/** What a template asks the model to answer with; the grounding parser reads it. */
public enum OutputFormat {
    /** A numbered list of titles, best first. */
    NUMBERED_TITLES,
    /** A JSON array of titles. */
    JSON_ARRAY,
    /** One choice letter (A, B, ...), or N/A. */
    CHOICE_LETTER,
    /** Plausibility scores per candidate (from log-probabilities or embeddings). */
    SCORES,
    /** A numeric rating. */
    RATING,
    /** "watched movie - candidate movie" pairs (NIR's last step). */
    PAIRS,
    /** Free text: a summary, an explanation, a yes/no. */
    TEXT;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static OutputFormat byId(String id) {
        for (OutputFormat f : values()) {
            if (f.id().equalsIgnoreCase(id.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + id
                + "' (numbered-titles, json-array, choice-letter, scores, rating, pairs, text)");
    }
}
