package org.recprompt.prompt;

import java.util.List;

/**
 * One rendered message: a role (system, user, assistant), its text, the images attached to it
 * (vision templates) and, for chain steps, the step's name.
 */
public record Message(String role, String text, List<String> images, String step) {

    public Message {
        images = images == null ? List.of() : List.copyOf(images);
    }

    public Message(String role, String text) {
        this(role, text, List.of(), null);
    }
}
