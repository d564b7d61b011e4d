package org.recprompt.prompt;

import java.util.List;

/**
 * A template rendered for one user: the messages in order, and for scoring pairs the user-side
 * text with one item-side text per candidate. Carries the template's name and version so a run
 * records exactly what was sent.
 */
public record RenderedPrompt(String template, String version, List<Message> messages, String userSide,
        List<String> itemSides) {

    public RenderedPrompt {
        messages = List.copyOf(messages);
        itemSides = itemSides == null ? List.of() : List.copyOf(itemSides);
    }

    /** The prompt as plain text with a role header before each message (the CLI's and preview's form). */
    public String toText() {
        StringBuilder s = new StringBuilder();
        if (userSide != null) {
            s.append("=== user side ===\n").append(userSide).append("\n\n");
            for (int k = 0; k < itemSides.size(); k++) {
                s.append("=== item side ").append(k + 1).append(" ===\n").append(itemSides.get(k)).append("\n\n");
            }
        }
        for (Message m : messages) {
            s.append("=== ").append(m.role());
            if (m.step() != null) {
                s.append(" (step ").append(m.step()).append(')');
            }
            s.append(" ===\n").append(m.text()).append('\n');
            for (String image : m.images()) {
                s.append("[image: ").append(image).append("]\n");
            }
            s.append('\n');
        }
        return s.toString().stripTrailing() + "\n";
    }

    /** A rough token count: about four characters a token for English with GPT-style tokenisers. */
    public int estimatedTokens() {
        long chars = messages.stream().mapToLong(m -> m.text().length()).sum();
        if (userSide != null) {
            chars += userSide.length() + itemSides.stream().mapToLong(String::length).sum();
        }
        return (int) Math.ceil(chars / 4.0) + 4 * messages.size();
    }
}
