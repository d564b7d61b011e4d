package org.recprompt.lm;

import java.util.Locale;

/**
 * How titles are generated: {@link #FREE} samples every token from the model's distribution (with
 * a temperature) and can spell titles that do not exist; {@link #GREEDY} takes the most probable
 * token (deterministic; small models fall into repeats); {@link #CONSTRAINED} only allows tokens
 * that continue a catalog title ({@link PrefixTree}), so it cannot invent one, and never repeats a
 * title or names one from the history.
 */
public enum Decoding {
    FREE("free"), GREEDY("greedy"), CONSTRAINED("constrained");

    private final String id;

    Decoding(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Decoding byId(String id) {
        String s = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (Decoding d : values()) {
            if (d.id.equals(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown decoding '" + id + "' (free, greedy, constrained)");
    }
}
