package org.recprompt.dataset;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a dataset keeps of a (user, item) pair that occurs more than once, so that a held-out item
 * can never also sit in the user's history. "Last" and "first" are by time (timestamp, then the
 * file's row order); {@code max-rating} keeps the highest rating (ties: the last); {@code error}
 * refuses the file, naming the lines.
 */
public enum DuplicatePolicy {
    KEEP_LAST("keep-last"),
    KEEP_FIRST("keep-first"),
    MAX_RATING("max-rating"),
    ERROR("error");

    /** The policy when none is named. */
    public static final DuplicatePolicy DEFAULT = KEEP_LAST;

    private final String id;

    DuplicatePolicy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** All ids, for messages: "keep-last, keep-first, max-rating, error". */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(DuplicatePolicy::id).toList());
    }

    /** The policy with this id; an unknown one is an IllegalArgumentException naming the choices. */
    public static DuplicatePolicy byId(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (DuplicatePolicy p : values()) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown duplicates policy '" + id + "' (" + ids() + ")");
    }

    /**
     * What the policy did when the dataset was read.
     *
     * @param policy the policy applied
     * @param pairs (user, item) pairs that occur more than once in the file
     * @param droppedRows rows removed by the policy (the file's rows minus the dataset's interactions)
     */
    public record Report(DuplicatePolicy policy, long pairs, long droppedRows) {

        /** No duplicates were found (or none were looked for). */
        public static Report none(DuplicatePolicy policy) {
            return new Report(policy, 0, 0);
        }

        /** One line for people: "1 repeated (user, item) pair; 1 row dropped (duplicates: keep-last)". */
        public String describe() {
            if (pairs == 0) {
                return "none (duplicates: " + policy.id() + ")";
            }
            return String.format(Locale.ROOT, "%,d repeated (user, item) pair%s; %,d row%s dropped (duplicates: %s)", pairs,
                    pairs == 1 ? "" : "s", droppedRows, droppedRows == 1 ? "" : "s", policy.id());
        }
    }
}
