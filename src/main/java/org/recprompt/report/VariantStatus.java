package org.recprompt.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.recprompt.base.FailureText;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a variant's calls went, as summary.json records it ({@code status}, {@code calls},
 * {@code errors}, {@code errors_by_kind}, {@code first_error}, {@code answered_users}) or, for a run
 * folder written before those fields, as derived from its statuses and responses: {@code ok} (no
 * call failed), {@code partial} (some did), {@code failed} (every call did), {@code unknown} (the
 * folder does not say). A failed variant has no metric values; a partial one is marked wherever its
 * values are shown. firstError is one plain sentence; firstErrorDetails the recorded text when the
 * sentence leaves some of it out (null otherwise).
 */
public record VariantStatus(String status, long calls, long errors, Map<String, Long> errorsByKind, String firstError,
        String firstErrorDetails, int answeredUsers, int users) {

    public static final String OK = "ok";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
    public static final String UNKNOWN = "unknown";

    /** The warning sign a partial variant carries in every table. */
    public static final String PARTIAL_MARK = "\u26a0";

    public VariantStatus {
        errorsByKind = Collections.unmodifiableMap(new LinkedHashMap<>(errorsByKind));
    }

    public boolean failed() {
        return FAILED.equals(status);
    }

    public boolean partial() {
        return PARTIAL.equals(status);
    }

    /** Failed or partial: a variant the reader is warned about. */
    public boolean troubled() {
        return failed() || partial();
    }

    public double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }

    /**
     * One line for a banner: "dead failed: 20 of 20 calls failed (network 20). Cannot connect to ...?"
     * or "llm partial: 3 of 20 calls failed (timeout 3), answered 17 of 20 users. ...".
     */
    public String describe(String variant) {
        StringBuilder s = new StringBuilder(variant).append(' ').append(status).append(": ");
        s.append(String.format(Locale.ROOT, "%,d of %,d calls failed", errors, calls));
        if (!errorsByKind.isEmpty()) {
            s.append(" (");
            errorsByKind.forEach((k, n) -> s.append(s.charAt(s.length() - 1) == '(' ? "" : ", ").append(FailureText.label(k))
                    .append(' ').append(n));
            s.append(')');
        }
        if (partial() && answeredUsers >= 0) {
            s.append(String.format(Locale.ROOT, ", answered %,d of %,d users", answeredUsers, users));
        }
        s.append('.');
        if (firstError != null) {
            s.append(" First error: ").append(firstError);
        }
        return s.toString();
    }

    /**
     * A variant's calls counted one by one: the runner's records as a run ends, or, for run folders
     * without the summary fields, what the responses say.
     */
    public static final class Tally {
        long calls;
        long errors;
        final Map<String, Long> byKind = new LinkedHashMap<>();
        String firstError;
        final Set<String> answered = new LinkedHashSet<>();

        /** One call of the user: an error with its recorded text, or an answer. */
        public void add(String user, boolean error, String errorText) {
            add(user, error ? "ERROR" : "OK", errorText);
        }

        /** The variant's status over {@code users} users: failure kinds by count, the first error as one sentence. */
        public VariantStatus status(int users) {
            Map<String, Long> sorted = new LinkedHashMap<>();
            byKind.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            String status = errors == 0 ? OK : errors >= calls ? FAILED : PARTIAL;
            return new VariantStatus(status, calls, errors, sorted, firstError == null ? null : FailureText.sentence(firstError),
                    firstError == null ? null : FailureText.details(firstError), answered.size(), users);
        }

        void add(String user, String status, String error) {
            calls++;
            if ("ERROR".equals(status)) {
                errors++;
                byKind.merge(FailureText.kind(error), 1L, Long::sum);
                if (firstError == null) {
                    firstError = error;
                }
            } else {
                answered.add(user);
            }
        }
    }

    /** A variant's status from its summary.json entry, filled in from the responses' tally where the entry is silent. */
    static VariantStatus read(JsonNode v, Map<String, Long> statuses, Tally tally) {
        int users = v.path("n_users").asInt(0);
        long calls = v.has("calls") ? v.path("calls").asLong() : v.has("n_calls") ? v.path("n_calls").asLong()
                : tally != null ? tally.calls : statuses.values().stream().mapToLong(Long::longValue).sum();
        long errors = v.path("errors").isNumber() ? v.path("errors").asLong()
                : statuses.containsKey("ERROR") ? statuses.get("ERROR") : tally != null ? tally.errors : -1;
        Map<String, Long> byKind = new LinkedHashMap<>();
        if (v.path("errors_by_kind").isObject()) {
            v.path("errors_by_kind").fields().forEachRemaining(e -> byKind.put(e.getKey(), e.getValue().asLong()));
        } else if (tally != null) {
            byKind.putAll(tally.byKind);
        }
        String raw = v.path("first_error").isTextual() ? v.path("first_error").asText() : tally == null ? null : tally.firstError;
        String sentence = raw == null ? null : v.path("first_error").isTextual() ? raw : FailureText.sentence(raw);
        String details = raw == null || v.path("first_error").isTextual() ? null : FailureText.details(raw);
        int answered = v.path("answered_users").isNumber() ? v.path("answered_users").asInt()
                : tally != null ? tally.answered.size() : -1;
        String status = v.path("status").isTextual() ? v.path("status").asText().toLowerCase(Locale.ROOT)
                : errors < 0 || calls <= 0 ? (errors > 0 ? PARTIAL : calls == 0 ? UNKNOWN : OK)
                        : errors == 0 ? OK : errors >= calls ? FAILED : PARTIAL;
        return new VariantStatus(status, Math.max(calls, 0), Math.max(errors, 0), byKind, sentence, details, answered, users);
    }

    /**
     * The run's status from its summary.json: the recorded top-level {@code status}, else derived:
     * {@code failed} when every LLM variant (one with a template; without any, every variant)
     * failed, {@code partial} when some variant failed or lost calls, {@code ok} otherwise.
     */
    public static String ofRun(JsonNode summary) {
        if (summary.path("status").isTextual()) {
            return summary.path("status").asText().toLowerCase(Locale.ROOT);
        }
        return ofRun(readAll(summary));
    }

    /** The run's status from its variants, each with whether it is an LLM variant (one with a template). */
    public static String ofRun(List<Map.Entry<Boolean, VariantStatus>> variants) {
        List<VariantStatus> llm = variants.stream().filter(Map.Entry::getKey).map(Map.Entry::getValue).toList();
        List<VariantStatus> judged = llm.isEmpty() ? variants.stream().map(Map.Entry::getValue).toList() : llm;
        if (!judged.isEmpty() && judged.stream().allMatch(VariantStatus::failed)) {
            return FAILED;
        }
        return variants.stream().allMatch(e -> OK.equals(e.getValue().status()) || UNKNOWN.equals(e.getValue().status())) ? OK : PARTIAL;
    }

    private static List<Map.Entry<Boolean, VariantStatus>> readAll(JsonNode summary) {
        List<Map.Entry<Boolean, VariantStatus>> out = new java.util.ArrayList<>();
        for (JsonNode v : summary.path("variants")) {
            Map<String, Long> statuses = new LinkedHashMap<>();
            v.path("statuses").fields().forEachRemaining(e -> statuses.put(e.getKey(), e.getValue().asLong()));
            out.add(Map.entry(v.path("template").isTextual(), read(v, statuses, null)));
        }
        return out;
    }
}
