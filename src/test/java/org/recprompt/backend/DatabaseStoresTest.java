package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recprompt.PostgresTestDatabase;
import org.recprompt.workspace.DatabaseSettings;
import org.recprompt.workspace.DatabaseVendor;
import org.recprompt.workspace.WorkspaceDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The response cache, the encrypted secrets and the egress log behave the same on H2 and on PostgreSQL:
 * the same assertions against each (PostgreSQL skipped with a message without RECPROMPT_TEST_DB_URL).
 */
class DatabaseStoresTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456Z");

    @TempDir
    Path workspace;

    /** Runs {@code body} on a fresh database of the vendor, closing (and for PostgreSQL dropping) it after. */
    private void on(String vendor, StoreBody body) throws Exception {
        if (vendor.equals("h2")) {
            try (WorkspaceDatabase db = WorkspaceDatabase.open(workspace, DatabaseSettings.of(workspace, Map.of()))) {
                assertThat(DatabaseVendor.of(db.jdbc())).isEqualTo(DatabaseVendor.H2);
                body.run(db.jdbc());
            }
        } else {
            try (PostgresTestDatabase pg = PostgresTestDatabase.create()) {
                try (WorkspaceDatabase db = WorkspaceDatabase.open(workspace, pg.settings())) {
                    assertThat(DatabaseVendor.of(db.jdbc())).isEqualTo(DatabaseVendor.POSTGRESQL);
                    body.run(db.jdbc());
                }
            }
        }
    }

    interface StoreBody {
        void run(JdbcTemplate jdbc) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void the_response_cache_stores_replaces_and_reads_answers(String vendor) throws Exception {
        on(vendor, jdbc -> {
            ResponseCache cache = new ResponseCache(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
            String longText = "1. Heat\n".repeat(5_000); // 40 000 characters: past any VARCHAR limit
            cache.put("k1", "openai", "m", 0, new BackendResult(longText, new Usage(10, 2), 30, 0.1, false, 1, Map.of(), null));
            cache.put("k1", "openai", "m", 0, new BackendResult(longText + "!", new Usage(11, 3), 30, 0.1, false, 1,
                    Map.of("A", -0.25), null));
            cache.putAll(List.of(new ResponseCache.Entry("k2", "ollama", "m2", 1, BackendResult.ok("2. Alien", new Usage(5, 1), 9)),
                    new ResponseCache.Entry("k1", "openai", "m", 0, new BackendResult(longText + "?", new Usage(12, 4), 30, 0.1,
                            false, 1, Map.of("B", -1.5), null))));

            assertThat(cache.size()).isEqualTo(2);
            BackendResult k1 = cache.get("k1").orElseThrow();
            assertThat(k1.text()).hasSize(40_001).endsWith("?");
            assertThat(k1.usage()).isEqualTo(new Usage(12, 4));
            assertThat(k1.labelLogprobs()).isEqualTo(Map.of("B", -1.5));
            assertThat(k1.cached()).isTrue();
            assertThat(cache.get("missing")).isEmpty();
            assertThat(cache.getAll(List.of("k1", "k2", "missing")).keySet()).containsExactlyInAnyOrder("k1", "k2");
            assertThat(cache.getAll(List.of("k2")).get("k2").text()).isEqualTo("2. Alien");
            assertThat(jdbc.queryForObject("SELECT created_at FROM response_cache WHERE cache_key = 'k2'",
                    java.sql.Timestamp.class).toInstant()).isEqualTo(NOW);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void secrets_are_stored_encrypted_replaced_and_deleted(String vendor) throws Exception {
        on(vendor, jdbc -> {
            SecretStore store = new SecretStore(jdbc, workspace.resolve("keys/secrets.key"), Clock.systemUTC(), Map.of());
            store.put("OPENAI_API_KEY", "sk-first-0123456789");
            store.put("OPENAI_API_KEY", "sk-second-0123456789", "backend 7");
            store.put("ANTHROPIC_API_KEY", "sk-ant-0123456789");

            assertThat(store.names()).containsExactly("ANTHROPIC_API_KEY", "OPENAI_API_KEY");
            assertThat(store.read("OPENAI_API_KEY").orElseThrow().value()).isEqualTo("sk-second-0123456789");
            assertThat(store.read("OPENAI_API_KEY").orElseThrow().binding()).isEqualTo("backend 7");
            assertThat(store.resolve("OPENAI_API_KEY")).as("bound to a backend: not a free variable").isEmpty();
            assertThat(store.resolve("ANTHROPIC_API_KEY")).contains("sk-ant-0123456789");
            byte[] stored = jdbc.queryForObject("SELECT ciphertext FROM secret WHERE name = 'ANTHROPIC_API_KEY'", byte[].class);
            assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("sk-ant");
            store.delete("ANTHROPIC_API_KEY");
            assertThat(store.names()).containsExactly("OPENAI_API_KEY");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void the_egress_log_records_filters_and_orders_requests(String vendor) throws Exception {
        on(vendor, jdbc -> {
            EgressLog log = new EgressLog(jdbc);
            Instant t = NOW.truncatedTo(ChronoUnit.MICROS);
            log.record(event(t, "alpha", "run-1", true, List.of("u1", "u2")));
            log.recordAll(List.of(event(t.plusSeconds(1), "alpha", "run-1", false, List.of()),
                    event(t.plusSeconds(2), "beta", "run-2", true, List.of("u9"))));

            assertThat(log.count()).isEqualTo(3);
            List<EgressEvent> all = log.list(null, false, 0);
            assertThat(all).extracting(EgressEvent::time).containsExactly(t.plusSeconds(2), t.plusSeconds(1), t);
            assertThat(all.get(2).users()).containsExactly("u1", "u2");
            assertThat(all.get(2).remote()).isTrue();
            assertThat(log.list("alpha", true, 0)).hasSize(1).first().extracting(EgressEvent::run).isEqualTo("run-1");
            assertThat(log.list(null, false, 2)).hasSize(2);
            assertThat(log.recorded("alpha", "run-1")).hasSize(2);
            assertThat(log.recorded("beta", "run-1")).isEmpty();
        });
    }

    private static EgressEvent event(Instant time, String project, String run, boolean remote, List<String> users) {
        return new EgressEvent(time, project, run, "v", "llm", "openai", "gpt", "https://api.example.com/v1/chat/completions",
                1234, remote, users, 200);
    }
}
