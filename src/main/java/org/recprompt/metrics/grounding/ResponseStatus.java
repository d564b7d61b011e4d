package org.recprompt.metrics.grounding;

/** What one response was as a whole (METRICS.md "Grounding outcomes"); each response is exactly one. */
public enum ResponseStatus {
    /** Parsed, with the requested number of items. */
    OK,
    /** Parsed, with more or fewer items than requested. */
    WRONG_LENGTH,
    /** "N/A", "neither", a refusal. */
    ABSTAINED,
    /** Could not be parsed. */
    UNPARSEABLE,
    /** The call failed. */
    ERROR
}
