package org.recprompt.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.experiment.ExperimentSpec.BackendSpec;

/**
 * summary.json's account of each inference fleet ({@code baseUrls}): under the backend's entry,
 * {@code endpoints} maps each URL to the calls it answered and the ERRORs last tried there (both
 * counted from the run's records, so a resumed run counts its earlier sessions too), and the times it
 * was set aside, its faults (requests that failed there and went elsewhere), probes and recoveries
 * (counted by the fleet since the run last started, as {@code fleet_counts} says).
 */
final class RunFleets {

    static final String COUNTS_NOTE = "answered and errors: from the run's responses; set_aside, faults, probes and"
            + " recoveries: since the run last started";

    private RunFleets() {
    }

    /** Adds {@code endpoints} to each fleet backend's entry of the summary's {@code backends}. */
    @SuppressWarnings("unchecked")
    static void addEndpoints(Map<String, Object> summary, RunSetup setup, List<CallRecord> records) {
        Object listed = summary.get("backends");
        if (!(listed instanceof List<?> entries)) {
            return;
        }
        for (Object o : entries) {
            if (!(o instanceof Map<?, ?> raw)) {
                continue;
            }
            Map<String, Object> entry = (Map<String, Object>) raw;
            BackendSpec spec = setup.spec().backends().stream().filter(b -> b.id().equals(entry.get("id"))).findFirst().orElse(null);
            if (spec == null || !spec.isFleet()) {
                continue;
            }
            BackendHandle handle = setup.backend(spec.id());
            Map<String, Object> live = handle == null ? null : handle.fleetStats();
            entry.put("endpoints", endpoints(spec, records, live));
            entry.put("fleet_counts", COUNTS_NOTE);
        }
    }

    /** Per URL (in the configured order): answered, errors, then the fleet's own counts when known. */
    static Map<String, Object> endpoints(BackendSpec spec, List<CallRecord> records, Map<String, Object> live) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String url : spec.baseUrls()) {
            long answered = 0;
            long errors = 0;
            for (CallRecord r : records) {
                if (spec.id().equals(r.backend()) && url.equals(r.endpoint())) {
                    if (r.isError()) {
                        errors++;
                    } else {
                        answered++;
                    }
                }
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("answered", answered);
            one.put("errors", errors);
            if (live != null && live.get(url) instanceof Map<?, ?> counts) {
                for (String k : List.of("set_aside", "faults", "probes", "recoveries")) {
                    one.put(k, counts.get(k));
                }
            }
            out.put(url, one);
        }
        return out;
    }
}
