package org.recprompt.experiment;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.recprompt.base.FailureText;

/**
 * How a variant's calls went: {@code ok} when no call failed for good, {@code partial} when some did,
 * {@code failed} when every call did; the calls, the failed ones by failure kind, the first failure
 * in one plain sentence, and how many users got at least one answer. A failed variant has no
 * metrics (they would be the scores of empty lists, not of a model); a partial one keeps them, its
 * failed calls scored as empty lists.
 */
record VariantHealth(String status, long calls, long errors, Map<String, Long> errorsByKind, String firstError,
        int answeredUsers, int users) {

    static final String OK = "ok";
    static final String PARTIAL = "partial";
    static final String FAILED = "failed";

    VariantHealth {
        errorsByKind = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errorsByKind));
    }

    static VariantHealth of(List<CallRecord> records, int users) {
        long errors = 0;
        Map<String, Long> byKind = new LinkedHashMap<>();
        String first = null;
        Set<String> answered = new LinkedHashSet<>();
        for (CallRecord r : records) {
            if (r.isError()) {
                errors++;
                byKind.merge(FailureText.kind(r.error()), 1L, Long::sum);
                if (first == null) {
                    first = FailureText.sentence(r.error());
                }
            } else {
                answered.add(r.user());
            }
        }
        String status = errors == 0 ? OK : errors >= records.size() ? FAILED : PARTIAL;
        return new VariantHealth(status, records.size(), errors, sorted(byKind), first, answered.size(), users);
    }

    private static Map<String, Long> sorted(Map<String, Long> byKind) {
        Map<String, Long> out = new LinkedHashMap<>();
        byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    boolean failed() {
        return FAILED.equals(status);
    }

    /** Failed calls over all calls (0 without calls). */
    double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }
}
