package org.recprompt.base;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a field of a JSON line that holds ids (a recorded answer's {@code relevant} or
 * {@code candidates}), the one reader that {@code ground} and the replay backend share so that both
 * accept the same lines. The field is optional; when present it is a non-empty array whose
 * elements are strings or whole numbers (an id {@code 42} and {@code "42"} are the same id). An
 * empty array is refused rather than read as "no items": a user with no relevant item would score
 * 0 in one table and be left out of another.
 */
public final class JsonIds {

    private JsonIds() {
    }

    /**
     * The ids of {@code field} in {@code line}, in the line's order; null when the field is absent
     * or null.
     *
     * @param where how the line is named in errors, e.g. "answers.jsonl line 3"
     * @throws IllegalArgumentException naming {@code where} and the field when the field is not an
     *         array, is empty, or holds an element that is not a string or a whole number
     */
    public static List<String> read(JsonNode line, String field, String where) {
        JsonNode a = line.get(field);
        if (a == null || a.isNull()) {
            return null;
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException(where + ": field \"" + field + "\" must be an array of item ids (strings or"
                    + " whole numbers)");
        }
        if (a.isEmpty()) {
            throw new IllegalArgumentException(where + ": field \"" + field + "\" is an empty array: give at least one item id,"
                    + " or leave the field out");
        }
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = a.get(i);
            boolean id = x.isTextual() ? !x.asText().isBlank() : x.isIntegralNumber();
            if (!id) {
                throw new IllegalArgumentException(where + ": field \"" + field + "\", element " + (i + 1) + ": expected an item id"
                        + " (a string or a whole number), found " + kind(x));
            }
            out.add(x.asText());
        }
        return out;
    }

    private static String kind(JsonNode x) {
        if (x.isTextual()) {
            return "a blank string";
        }
        if (x.isNumber()) {
            return "a number with a fraction";
        }
        return switch (x.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + x.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
