package org.recprompt.prompt;

import java.util.Locale;

/** The shapes a prompt template can take (see docs/TEMPLATES.md). */
public enum TemplateKind {
    /** System and user messages, possibly several turns. */
    CHAT,
    /** A user-side and an item-side text, scored for plausibility (M6-Rec). */
    SCORING_PAIR,
    /** Ordered steps in one conversation; each step sees the answers to the earlier ones (NIR). */
    CHAIN,
    /** Several turns around retrieved candidates (Chat-REC). */
    CONVERSATION,
    /** Pairwise or multiple choice by letter; "N/A" is a legal answer. */
    CHOICE,
    /** A chat whose user message carries the items' images. */
    VISION;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TemplateKind byId(String id) {
        for (TemplateKind k : values()) {
            if (k.id().equalsIgnoreCase(id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown template kind '" + id + "' (chat, scoring-pair, chain, conversation, choice, vision)");
    }
}
