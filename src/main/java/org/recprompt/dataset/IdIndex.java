package org.recprompt.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** External ids (as the files spell them) to dense internal indices 0..n-1, in first-seen order. */
public final class IdIndex {

    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> ids = new ArrayList<>();

    /** The index of the id, adding it when new. */
    public int add(String id) {
        Integer i = index.get(id);
        if (i != null) {
            return i;
        }
        int next = ids.size();
        index.put(id, next);
        ids.add(id);
        return next;
    }

    /** The index of the id, or -1. */
    public int find(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    public boolean contains(String id) {
        return index.containsKey(id);
    }

    public String id(int i) {
        return ids.get(i);
    }

    public int size() {
        return ids.size();
    }
}
