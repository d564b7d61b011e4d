package org.recprompt.workspace;

import java.util.Locale;
import java.util.Optional;

/** The rules a project name must follow, shared by the service and the forms that check as you type. */
public final class ProjectNames {

    public static final int MAX_LENGTH = 80;

    private ProjectNames() {
    }

    /** The name as stored: surrounding white space removed, inner runs folded to one space. */
    public static String clean(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ");
    }

    /** The key that makes names unique regardless of case. */
    static String key(String name) {
        return clean(name).toLowerCase(Locale.ROOT);
    }

    /** What is wrong with this name on its own (not counting duplicates), if anything. */
    public static Optional<String> problem(String name) {
        String clean = clean(name);
        if (clean.isEmpty()) {
            return Optional.of("A project needs a name.");
        }
        if (clean.length() > MAX_LENGTH) {
            return Optional.of("A project name can have at most " + MAX_LENGTH + " characters (this one has "
                    + clean.length() + ").");
        }
        if (clean.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("A project name cannot contain control characters.");
        }
        return Optional.empty();
    }
}
