package org.recprompt.lm;

import java.util.Locale;

/**
 * How interactions become tokens. {@link #ITEM}: one token per catalog item, so the model can only
 * ever name real items (P5's "item ids as tokens" form). {@link #WORD}: the words of the items'
 * titles, one title after another with a separator (P5's text form), so the model spells titles
 * and can spell ones that do not exist.
 */
public enum Tokenisation {
    ITEM("item"), WORD("word");

    private final String id;

    Tokenisation(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Tokenisation byId(String id) {
        String s = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (Tokenisation t : values()) {
            if (t.id.equals(s) || (t.id + "s").equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tokenisation '" + id + "' (item, word)");
    }
}
