package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.SpringTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class SecretStoreTest extends SpringTestBase {

    static final String KEY = "sk-test-0123456789abcdefWXYZ";

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    SecretStore store;

    @BeforeEach
    void store() {
        jdbc.update("DELETE FROM secret");
        store = new SecretStore(jdbc, dir.resolve("keys/secrets.key"), Clock.systemUTC(), Map.of());
    }

    @Test
    void a_stored_key_reads_back_but_the_database_holds_only_ciphertext() throws Exception {
        store.put("OPENAI_API_KEY", KEY);

        assertThat(store.get("OPENAI_API_KEY")).contains(KEY);
        assertThat(store.names()).containsExactly("OPENAI_API_KEY");
        List<byte[]> stored = jdbc.query("SELECT ciphertext FROM secret", (rs, n) -> rs.getBytes(1));
        assertThat(new String(stored.get(0), StandardCharsets.ISO_8859_1)).doesNotContain("sk-test").doesNotContain("WXYZ");
        Path keyFile = dir.resolve("keys/secrets.key");
        assertThat(Files.size(keyFile)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void processes_starting_at_once_on_a_shared_workspace_make_one_key_between_them() throws Exception {
        Path keyFile = dir.resolve("shared/.keys/secrets.key");
        int n = 8;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "KEY_" + i;
            done.add(pool.submit(() -> {
                SecretStore each = new SecretStore(jdbc, keyFile, Clock.systemUTC(), Map.of());
                start.await();
                each.put(name, KEY + name);
                return null;
            }));
        }
        for (var f : done) {
            f.get();
        }
        pool.shutdown();
        SecretStore later = new SecretStore(jdbc, keyFile, Clock.systemUTC(), Map.of());
        for (int i = 0; i < n; i++) {
            assertThat(later.get("KEY_" + i)).contains(KEY + "KEY_" + i);
        }
        try (var left = Files.list(keyFile.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("secrets.key");
        }
    }

    @Test
    void another_workspace_key_cannot_decrypt_and_says_so_without_the_value() throws Exception {
        store.put("ANTHROPIC_API_KEY", KEY);
        SecretStore other = new SecretStore(jdbc, dir.resolve("other/secrets.key"), Clock.systemUTC(), Map.of());

        assertThatThrownBy(() -> other.get("ANTHROPIC_API_KEY"))
                .hasMessageContaining("cannot be decrypted with this workspace's key").hasMessageNotContaining(KEY);
    }

    @Test
    void a_ciphertext_moved_to_another_name_is_refused() {
        store.put("A_KEY", KEY);
        jdbc.update("INSERT INTO secret (name, iv, ciphertext, updated_at) SELECT 'B_KEY', iv, ciphertext, updated_at FROM secret WHERE name = 'A_KEY'");
        assertThatThrownBy(() -> store.get("B_KEY")).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void the_environment_wins_values_are_masked_and_bad_names_are_refused() {
        store.put("GEMINI_API_KEY", KEY);
        SecretStore withEnv = new SecretStore(jdbc, dir.resolve("keys/secrets.key"), Clock.systemUTC(),
                Map.of("GEMINI_API_KEY", "from-env-key"));

        assertThat(withEnv.resolve("GEMINI_API_KEY")).contains("from-env-key");
        assertThat(store.resolve("GEMINI_API_KEY")).contains(KEY);
        assertThat(store.resolve("MISSING_KEY")).isEmpty();
        assertThat(store.keyLookup().apply("GEMINI_API_KEY")).isEqualTo(KEY);
        assertThat(store.keyLookup().apply("MISSING_KEY")).isNull();
        assertThat(SecretStore.masked(KEY)).isEqualTo("\u2022\u2022\u2022\u2022WXYZ").doesNotContain("sk-test");
        assertThat(SecretStore.masked("short")).doesNotContain("short");
        assertThatThrownBy(() -> store.put("bad name", KEY)).hasMessageContaining("environment variable");
        assertThatThrownBy(() -> store.put("OK_NAME", " ")).hasMessageContaining("empty");
        store.delete("GEMINI_API_KEY");
        assertThat(store.get("GEMINI_API_KEY")).isEmpty();
    }
}
