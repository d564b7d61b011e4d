package org.recprompt.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.report.RunFolder.Call;
import org.recprompt.report.RunFolder.Slot;

/**
 * The grounding rates of METRICS.md per user, from a run's answers: a slot rate is the user's slots
 * with that outcome over all the user's slots, a response rate the user's responses with that status
 * over all the user's responses (repeats pooled). Users with no slot (or no response) have no value.
 * These per-user values feed the paired tests; the run's own pooled rates stay the reported means.
 */
enum GroundingRate {
    HALLUCINATION("hallucination_rate", "HALLUCINATED", true),
    OUT_OF_CANDIDATES("out_of_candidates_rate", "OUT_OF_CANDIDATES", true),
    SEEN("seen_rate", "SEEN", true),
    DUPLICATE("duplicate_rate", "DUPLICATE", true),
    COMPLIANCE("compliance_rate", "OK", false),
    ABSTENTION("abstention_rate", "ABSTAINED", false);

    private final String metric;
    private final String counted;
    private final boolean perSlot;

    GroundingRate(String metric, String counted, boolean perSlot) {
        this.metric = metric;
        this.counted = counted;
        this.perSlot = perSlot;
    }

    /** The rate with this metric name, or null. */
    static GroundingRate of(String metric) {
        for (GroundingRate r : values()) {
            if (r.metric.equals(metric)) {
                return r;
            }
        }
        return null;
    }

    Map<String, Double> perUser(List<Call> calls, String variant) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Call c : calls) {
            if (!variant.equals(c.variant())) {
                continue;
            }
            long[] nd = counts.computeIfAbsent(c.user(), u -> new long[2]);
            if (perSlot) {
                for (Slot s : c.slots()) {
                    nd[0] += counted.equals(s.outcome()) ? 1 : 0;
                    nd[1]++;
                }
            } else if (c.status() != null) {
                nd[0] += counted.equals(c.status()) ? 1 : 0;
                nd[1]++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((user, nd) -> {
            if (nd[1] > 0) {
                out.put(user, nd[0] / (double) nd[1]);
            }
        });
        return out;
    }
}
