package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.springframework.beans.factory.annotation.Autowired;

class UiSettingsTest extends SpringTestBase {

    @Autowired
    UiSettings settings;

    @Test
    void a_setting_is_stored_replaced_and_read_back() {
        assertThat(settings.get("test.missing")).isEmpty();
        settings.put("test.split", "31.5");
        settings.put("test.split", "42.25");

        assertThat(settings.get("test.split")).contains("42.25");
        assertThat(settings.getDouble("test.split", 10)).isEqualTo(42.25);
    }

    @Test
    void of_several_processes_claiming_a_once_per_workspace_step_exactly_one_wins() throws Exception {
        settings.remove("test.once");
        int n = 6;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.List<java.util.concurrent.Future<Boolean>> claims = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String value = "p" + i;
            claims.add(pool.submit(() -> {
                start.await();
                return settings.claim("test.once", value);
            }));
        }
        int won = 0;
        for (var c : claims) {
            won += c.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(settings.claim("test.once", "later")).isFalse();
        settings.put("test.once", "changed");
        assertThat(settings.get("test.once")).contains("changed");
    }

    @Test
    void a_missing_or_malformed_number_falls_back() {
        settings.put("test.bad", "wide");
        settings.put("test.nan", "NaN");

        assertThat(settings.getDouble("test.bad", 20)).isEqualTo(20);
        assertThat(settings.getDouble("test.nan", 20)).isEqualTo(20);
        assertThat(settings.getDouble("test.none", 72)).isEqualTo(72);
    }
}
