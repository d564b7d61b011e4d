package org.recprompt.backend;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.recprompt.workspace.DatabaseVendor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The persistent response cache in the workspace database (table response_cache). */
@Service
public class ResponseCache implements ResponseStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final java.util.List<String> COLUMNS = java.util.List.of("cache_key", "provider", "model", "sample_index",
            "response_text", "input_tokens", "output_tokens", "label_logprobs", "created_at");

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile String upsert;
    /** Writes asked of the database through this instance ({@link #writes}). */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    public ResponseCache(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<BackendResult> get(String key) {
        return jdbc.query("SELECT response_text, input_tokens, output_tokens, label_logprobs FROM response_cache WHERE cache_key = ?",
                rs -> rs.next()
                        ? Optional.of(new BackendResult(rs.getString(1), new Usage(rs.getLong(2), rs.getLong(3)), 0, 0, true, 0,
                                logprobs(rs.getString(4)), null))
                        : Optional.<BackendResult>empty(), key);
    }

    /** Stores a successful answer; failures are never stored. */
    @Override
    public void put(String key, String provider, String model, int sampleIndex, BackendResult result) {
        if (!result.isOk()) {
            throw new IllegalArgumentException("failures are never cached");
        }
        writes.incrementAndGet();
        jdbc.update(upsert(),
                key, provider, model, sampleIndex, result.text(), result.usage().inputTokens(), result.usage().outputTokens(),
                result.labelLogprobs().isEmpty() ? null : json(result.labelLogprobs()), Timestamp.from(clock.instant()));
    }

    /** The stored answers among the keys, in one query (use chunks of a few hundred keys). */
    public Map<String, BackendResult> getAll(java.util.Collection<String> keys) {
        Map<String, BackendResult> out = new java.util.HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(keys.size(), "?"));
        jdbc.query("SELECT cache_key, response_text, input_tokens, output_tokens, label_logprobs FROM response_cache"
                + " WHERE cache_key IN (" + marks + ")", rs -> {
                    out.put(rs.getString(1), new BackendResult(rs.getString(2), new Usage(rs.getLong(3), rs.getLong(4)), 0, 0,
                            true, 0, logprobs(rs.getString(5)), null));
                }, keys.toArray());
        return out;
    }

    /** One answer to store, for {@link #putAll}. */
    public record Entry(String key, String provider, String model, int sampleIndex, BackendResult result) {
    }

    /** Stores successful answers in one batch. */
    public void putAll(java.util.List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        writes.incrementAndGet();
        Timestamp now = Timestamp.from(clock.instant());
        java.util.List<Object[]> rows = new java.util.ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (!e.result().isOk()) {
                throw new IllegalArgumentException("failures are never cached");
            }
            BackendResult r = e.result();
            rows.add(new Object[] {e.key(), e.provider(), e.model(), e.sampleIndex(), r.text(), r.usage().inputTokens(),
                r.usage().outputTokens(), r.labelLogprobs().isEmpty() ? null : json(r.labelLogprobs()), now});
        }
        jdbc.batchUpdate(upsert(), rows);
    }

    /** Insert or replace by key, in the workspace database's SQL (looked up once, at the first write). */
    private String upsert() {
        String sql = upsert;
        if (sql == null) {
            sql = DatabaseVendor.of(jdbc).upsert("response_cache", java.util.List.of("cache_key"), COLUMNS);
            upsert = sql;
        }
        return sql;
    }

    /**
     * How many writes ({@link #put}, a non-empty {@link #putAll}) were asked through this instance,
     * counted before each goes to the database: an answer about the table's contents taken while
     * this was 0 still holds while it is 0, for a process that is the cache's only writer.
     */
    public long writes() {
        return writes.get();
    }

    /** Whether the cache holds no answer at all (one indexed row at most is read). */
    public boolean isEmpty() {
        return jdbc.queryForList("SELECT cache_key FROM response_cache LIMIT 1", String.class).isEmpty();
    }

    public long size() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM response_cache", Long.class);
        return n == null ? 0 : n;
    }

    private static String json(Map<String, Double> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> logprobs(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Double>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
