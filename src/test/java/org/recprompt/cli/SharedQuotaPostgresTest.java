package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.recprompt.PostgresTestDatabase;
import org.recprompt.backend.DatabaseQuotaAccess;
import org.recprompt.backend.RateLimiter;
import org.recprompt.backend.ResilientBackend;
import org.recprompt.backend.RetryPolicy;
import org.recprompt.backend.Sleeper;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.adapter.Providers;
import org.recprompt.workspace.LeasesPostgresTest;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Two processes' limiters (each with its own connection pool, as two JVMs would have) calling one
 * backend configured at 600 requests a minute share one budget in PostgreSQL: against the local
 * quota server enforcing 600 a minute they stay within it together (under 1% refused) and together
 * use at least 90% of it. Without the shared budget each would start with its own full minute and
 * send twice the quota at once. Skipped with a message without a PostgreSQL.
 */
class SharedQuotaPostgresTest {

    static final int CALLERS = 12;

    /** One process: its pool, its limiter sharing the budget, its backend and callers. */
    record Worker(HikariDataSource pool, RateLimiter limiter, ResilientBackend backend, AtomicInteger ok) {
    }

    @Test
    void twoProcessesShareOneQuotaAndUseMostOfIt() throws Exception {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create();
                QuotaServer server = QuotaServer.start(BenchRateLimit.RPM, BenchRateLimit.TPM, 50)) {
            ProviderConfig config = new ProviderConfig("shared", "openai", server.baseUrl(), "bench-model", null,
                    LlmParameters.DEFAULTS, Duration.ofSeconds(60), CALLERS);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                HikariDataSource pool = LeasesPostgresTest.dataSource(pg);
                RateLimiter limiter = new RateLimiter(BenchRateLimit.RPM, 0, Clock.systemUTC(), Sleeper.REAL);
                limiter.share(DatabaseQuotaAccess.forBackend(pool, config));
                ResilientBackend backend = new ResilientBackend(Providers.create(config, v -> null, limiter), RetryPolicy.DEFAULT,
                        CALLERS, Integer.MAX_VALUE, limiter, Sleeper.REAL, 42 + i);
                workers.add(new Worker(pool, limiter, backend, new AtomicInteger()));
            }
            ExecutorService callers = Executors.newFixedThreadPool(2 * CALLERS);
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(20);
            try {
                for (Worker w : workers) {
                    for (int c = 0; c < CALLERS; c++) {
                        callers.submit(() -> {
                            while (System.nanoTime() < end) {
                                if (w.backend().generate(BenchRateLimit.request(BenchRateLimit.SCENARIOS.get(0),
                                        next.getAndIncrement())).isOk()) {
                                    w.ok().incrementAndGet();
                                }
                            }
                        });
                    }
                }
                Thread.sleep(5_000); // the first minute's full bucket is spent in the first seconds
                server.openWindow();
                TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
                QuotaServer.Window w = server.closeWindow();
                double allowed = w.requestLevelAtStart + w.minutes() * BenchRateLimit.RPM;
                int refused = server.refusedTotal();
                int accepted = server.acceptedTotal();
                assertThat(workers).allSatisfy(x -> {
                    assertThat(x.limiter().isShared()).isTrue();
                    assertThat(x.ok().get()).as("each process got answers").isPositive();
                });
                assertThat((double) refused / (accepted + refused)).as("refused share (%d of %d)", refused, accepted + refused)
                        .isLessThan(0.01);
                assertThat(w.requests / allowed).as("share of the quota used together (%d of %.0f)", w.requests, allowed)
                        .isGreaterThanOrEqualTo(0.90);
            } finally {
                callers.shutdownNow();
                callers.awaitTermination(30, TimeUnit.SECONDS);
                workers.forEach(x -> x.pool().close());
            }
        }
    }
}
