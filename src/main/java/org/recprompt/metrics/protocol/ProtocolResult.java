package org.recprompt.metrics.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a convention computed: every metric by its key ({@code name@K} in lower case, or a bare name
 * for a value that does not depend on K), unrounded, in a stable order; and the counts that say
 * what the convention did to the input (users averaged, items it dropped and why), so a number is
 * never shown without what it was computed over.
 */
public record ProtocolResult(String protocol, Map<String, Double> metrics, Map<String, Long> counts) {

    public ProtocolResult {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
}
