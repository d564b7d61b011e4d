package org.recprompt.backend;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which environment variables a backend may send as its key ({@code apiKeyEnv}): names that look
 * like keys ({@code *_KEY}, which covers {@code *_API_KEY}, and {@code *_TOKEN}), and the names
 * listed, comma-separated, in the environment variable {@value #LIST_VARIABLE}. So a shared
 * experiment file or backend cannot send {@code HOME}, {@code PATH} or a database password to the
 * server its base URL names.
 */
public final class KeyVariables {

    /** The environment variable listing further names a key may be read from, comma-separated. */
    public static final String LIST_VARIABLE = "RECPROMPT_KEY_VARIABLES";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9_]*_(KEY|TOKEN)");

    private KeyVariables() {
    }

    /** Whether the variable may hold a key, with the names listed in {@value #LIST_VARIABLE}. */
    public static boolean allowed(String variable) {
        return allowed(variable, System.getenv(LIST_VARIABLE));
    }

    /** Whether the variable may hold a key, {@code list} being the user's own names (comma-separated, may be null). */
    public static boolean allowed(String variable, String list) {
        if (variable == null || !NAME.matcher(variable).matches()) {
            return false;
        }
        return KEY_LIKE.matcher(variable).matches() || listed(list).contains(variable);
    }

    /** Why the variable may not be a key's, or empty; the message never repeats the name (it may be a pasted key). */
    public static Optional<String> problem(String variable) {
        return allowed(variable) ? Optional.empty() : Optional.of(rule());
    }

    /** The rule in one sentence. */
    public static String rule() {
        return "a key is read only from a variable whose name ends in _KEY, _API_KEY or _TOKEN, or one listed in "
                + LIST_VARIABLE + " (comma-separated), so a shared file cannot send another variable to its server";
    }

    private static Set<String> listed(String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
