package org.recprompt.base;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed call's error as a run records it ({@code "KIND: message"}, or {@code "step S: KIND:
 * message"} for a chain's step) read back: the failure kind (NETWORK, TIMEOUT, RATE_LIMITED, ...),
 * one plain sentence for people, and the full text as details when the sentence leaves something
 * out (a Java exception chain is details, never the sentence). The runner's summary, the CLI, the
 * reports and the per-user page all say a failure through this class.
 */
public final class FailureText {

    private static final Pattern RECORDED = Pattern.compile("^(?:step [^:]*: )?([A-Z][A-Z_]+): ?(.*)$", Pattern.DOTALL);
    private static final Pattern JAVA_CLASS = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)*[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b: ?");
    private static final int MAX_SENTENCE = 300;

    private FailureText() {
    }

    /** The failure kind of a recorded error; "OTHER" when the text names none. */
    public static String kind(String error) {
        if (error == null) {
            return "OTHER";
        }
        Matcher m = RECORDED.matcher(error.strip());
        return m.matches() ? m.group(1) : "OTHER";
    }

    /**
     * One plain sentence saying what failed: the recorded message when it is one already (as a
     * refused connection's "Cannot connect to HOST (connection refused): is the server running at
     * URL?"), otherwise the kind in words and the innermost cause's own message, without class names.
     */
    public static String sentence(String error) {
        if (error == null || error.isBlank()) {
            return "The call failed without a recorded reason.";
        }
        String text = error.strip();
        Matcher m = RECORDED.matcher(text);
        String kind = m.matches() ? m.group(1) : "OTHER";
        String message = m.matches() ? m.group(2).strip() : text;
        String step = text.startsWith("step ") && m.matches() ? text.substring(0, text.indexOf(':')) : null;
        String plain;
        if (!message.contains(" <- ")) {
            plain = JAVA_CLASS.matcher(message).replaceAll("").strip();
            plain = plain.isEmpty() ? inWords(kind) : Character.toUpperCase(plain.charAt(0)) + plain.substring(1);
        } else { // an exception chain: the kind in words and the innermost cause's own message
            String inner = JAVA_CLASS.matcher(message.substring(message.lastIndexOf(" <- ") + 4)).replaceAll("").strip();
            plain = inWords(kind) + (inner.isEmpty() ? "" : ": " + inner);
        }
        plain = plain.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (plain.length() > MAX_SENTENCE) {
            plain = plain.substring(0, MAX_SENTENCE) + "...";
        }
        if (!plain.endsWith(".") && !plain.endsWith("?") && !plain.endsWith("!")) {
            plain = plain + ".";
        }
        return step == null ? plain : "At " + step + ": " + plain;
    }

    /** The recorded text in full when the sentence leaves part of it out, else null. */
    public static String details(String error) {
        if (error == null || error.isBlank()) {
            return null;
        }
        String s = sentence(error);
        String message = error.strip();
        Matcher m = RECORDED.matcher(message);
        String rest = m.matches() ? m.group(2).strip() : message;
        return s.equals(rest) || s.equals(rest + ".") ? null : error.strip();
    }

    /** A failure kind in words: "NETWORK" -> "A network error", "RATE_LIMITED" -> "Rate limited by the provider". */
    public static String inWords(String kind) {
        return switch (kind == null ? "OTHER" : kind) {
            case "NETWORK" -> "A network error";
            case "TIMEOUT" -> "The call timed out";
            case "RATE_LIMITED" -> "Rate limited by the provider";
            case "UNAVAILABLE" -> "The provider was unavailable";
            case "SERVER_ERROR" -> "The provider's server failed";
            case "MALFORMED_RESPONSE" -> "The answer could not be read";
            case "EMPTY_RESPONSE" -> "The provider answered with no text";
            case "REFUSED" -> "The model refused";
            case "AUTHENTICATION" -> "The provider rejected the key";
            case "BAD_REQUEST" -> "The provider rejected the request";
            case "LOCAL_ONLY" -> "Not sent (local only)";
            case "IMAGE" -> "Not sent (an item image could not be used)";
            case "PAUSED" -> "Not sent (the run was paused)";
            case "CANCELLED" -> "Not sent (the run was cancelled)";
            default -> "The call failed";
        };
    }

    /** The kind as a lower-case label for tables ("rate limited"). */
    public static String label(String kind) {
        return (kind == null ? "other" : kind).toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
