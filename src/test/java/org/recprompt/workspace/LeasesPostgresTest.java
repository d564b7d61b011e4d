package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recprompt.PostgresTestDatabase;

import com.zaxxer.hikari.HikariDataSource;

/** Leases in a real PostgreSQL (skipped with a message without one). */
public class LeasesPostgresTest {

    static PostgresTestDatabase pg;
    static HikariDataSource db;

    @BeforeAll
    static void open() {
        pg = PostgresTestDatabase.create();
        db = dataSource(pg);
    }

    /** A pool on the test's database with the workspace's migrations applied. */
    public static HikariDataSource dataSource(PostgresTestDatabase pg) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(pg.url());
        ds.setUsername(pg.settings().user());
        ds.setPassword(pg.settings().password());
        ds.setMaximumPoolSize(4);
        Flyway.configure().dataSource(ds).locations(pg.settings().migrations()).load().migrate();
        return ds;
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aHeldLeaseIsRefusedNamingItsHolderAndFreeAgainWhenReleased() {
        Leases.Attempt first = Leases.tryAcquire(db, "run:a", Duration.ofSeconds(30));
        assertThat(first.acquired()).isTrue();
        Leases.Attempt second = Leases.tryAcquire(db, "run:a", Duration.ofSeconds(30));
        assertThat(second.acquired()).isFalse();
        assertThat(second.holder()).startsWith("pid " + ProcessHandle.current().pid() + " on ")
                .contains("last heartbeat").contains("expires in");
        assertThat(Leases.tryAcquire(db, "run:b", Duration.ofSeconds(30)).lease()).isNotNull().satisfies(Leases.Lease::close);
        first.lease().close();
        assertThat(first.lease().isHeld()).isFalse();
        Leases.Attempt third = Leases.tryAcquire(db, "run:a", Duration.ofSeconds(30));
        assertThat(third.acquired()).isTrue();
        third.lease().close();
    }

    @Test
    void aHolderWhoseHeartbeatStopsLosesTheLeaseOnceItExpires() throws Exception {
        Leases.Attempt dying = Leases.tryAcquire(db, "run:c", Duration.ofSeconds(1));
        assertThat(dying.acquired()).isTrue();
        dying.lease().stopHeartbeat(); // what a killed process looks like from the database
        assertThat(Leases.tryAcquire(db, "run:c", Duration.ofSeconds(30)).acquired()).isFalse();
        Leases.Attempt taken = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (taken == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
            Leases.Attempt a = Leases.tryAcquire(db, "run:c", Duration.ofSeconds(30));
            taken = a.acquired() ? a : null;
        }
        assertThat(taken).as("the expired lease is taken over").isNotNull();
        dying.lease().renew(); // the old holder's late heartbeat finds the lease taken
        assertThat(dying.lease().isHeld()).isFalse();
        assertThat(taken.lease().isHeld()).isTrue();
        taken.lease().renew();
        assertThat(taken.lease().isHeld()).isTrue();
        taken.lease().close();
    }
}
