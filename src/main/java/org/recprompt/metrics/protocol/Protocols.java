package org.recprompt.metrics.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evaluation conventions by name. {@code recprompt} is the default. */
public final class Protocols {

    public static final String DEFAULT = "recprompt";

    private static final Map<String, Protocol> ALL = new LinkedHashMap<>();

    static {
        register(new RecpromptProtocol());
        register(new ElliotProtocol());
        register(new RecboleProtocol());
    }

    private Protocols() {
    }

    private static void register(Protocol p) {
        ALL.put(p.id(), p);
    }

    public static List<String> ids() {
        return List.copyOf(ALL.keySet());
    }

    /** The convention by name (case-insensitive); an unknown name is an error listing the known ones. */
    public static Protocol of(String id) {
        Protocol p = id == null ? null : ALL.get(id.trim().toLowerCase(java.util.Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown protocol '" + id + "': use one of " + String.join(", ", ids()));
        }
        return p;
    }

    /** Cutoffs checked, sorted and made distinct. */
    public static int[] cutoffs(List<Integer> ks) {
        if (ks == null || ks.isEmpty()) {
            throw new IllegalArgumentException("at least one cutoff K is needed");
        }
        for (int k : ks) {
            if (k < 1) {
                throw new IllegalArgumentException("a cutoff K must be at least 1, not " + k);
            }
        }
        return ks.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    }
}
