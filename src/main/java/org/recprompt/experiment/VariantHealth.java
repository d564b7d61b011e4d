package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.recprompt.report.VariantStatus;

/**
 * How a variant's calls went, from the runner's records: {@code ok} when no call failed for good,
 * {@code partial} when some did, {@code failed} when every call did (as {@link VariantStatus}, the
 * one reading of it that the run tab and the reports share). A failed variant has no metrics (they
 * would be the scores of empty lists, not of a model); a partial one keeps them, its failed calls
 * scored as empty lists.
 */
final class VariantHealth {

    private VariantHealth() {
    }

    static VariantStatus of(List<CallRecord> records, int users) {
        VariantStatus.Tally tally = new VariantStatus.Tally();
        for (CallRecord r : records) {
            tally.add(r.user(), r.isError(), r.error());
        }
        return tally.status(users);
    }

    /** "variant dead failed (first error: ...); ..." for the console, empty when no variant failed or lost calls. */
    @SuppressWarnings("unchecked")
    static String failedVariants(Map<String, Object> summary) {
        if (summary == null || !(summary.get("variants") instanceof List<?> variants)) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (Object o : variants) {
            Map<String, Object> v = (Map<String, Object>) o;
            if (!"ok".equals(v.get("status"))) {
                out.add("variant " + v.get("id") + " " + v.get("status") + " (" + v.get("errors") + " of " + v.get("calls")
                        + " calls failed; first error: " + v.get("first_error") + ")");
            }
        }
        return String.join("; ", out);
    }
}
