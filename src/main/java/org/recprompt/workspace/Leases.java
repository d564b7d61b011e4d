package org.recprompt.workspace;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases in the shared database ({@code run_lease}): a named thing (a run folder's coordinator, a
 * shard of a run) held by one process of any machine. The holder renews its lease by a heartbeat
 * every third of its time to live; a holder that dies (killed, its machine gone, cut off from the
 * database) stops renewing, and once the lease has expired another process takes it over. Times are
 * the database server's clock, so the machines' clocks need not agree. The operating system's file
 * locks cannot do this: on a shared file system they are not reliably seen from other machines, and
 * a machine that dies may leave them held on the file server.
 *
 * <p>Why not PostgreSQL's advisory locks: a session lock lasts as long as its connection, and when a
 * machine dies without closing its connection the server notices only when TCP keep-alive gives up
 * (two hours by default), so a run could not be resumed in the meantime; and a lock taken through a
 * connection pool belongs to whichever pooled connection took it. A lease with an expiry is
 * released in a known time (its time to live) however its holder ends.
 */
public final class Leases {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    /** How long a lease lives without a heartbeat: a dead holder's run can be resumed after this. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    private static final String NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private Leases() {
    }

    /** Either a lease, or who holds it ("pid 123 on host-a, last heartbeat 4 s ago, expires in 26 s"). */
    public record Attempt(Lease lease, String holder) {
        public boolean acquired() {
            return lease != null;
        }
    }

    /** Takes {@code name} when nobody holds it or its holder's lease has expired; never waits. */
    public static Attempt tryAcquire(DataSource db, String name, Duration ttl) {
        long ttlMs = Math.max(1_000, ttl.toMillis());
        String holder = UUID.randomUUID().toString();
        String host = host();
        long pid = ProcessHandle.current().pid();
        String sql = "INSERT INTO run_lease AS l (name, holder, host, pid, acquired_ms, heartbeat_ms, expires_ms) "
                + "VALUES (?, ?, ?, ?, " + NOW + ", " + NOW + ", " + NOW + " + ?) "
                + "ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, host = EXCLUDED.host, pid = EXCLUDED.pid, "
                + "acquired_ms = EXCLUDED.acquired_ms, heartbeat_ms = EXCLUDED.heartbeat_ms, expires_ms = EXCLUDED.expires_ms "
                + "WHERE l.expires_ms < EXCLUDED.acquired_ms";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, name);
            s.setString(2, holder);
            s.setString(3, host);
            s.setLong(4, pid);
            s.setLong(5, ttlMs);
            if (s.executeUpdate() == 1) {
                Lease lease = new Lease(db, name, holder, ttlMs);
                lease.heartbeat = HEARTBEATS.scheduleWithFixedDelay(lease::renew, ttlMs / 3, ttlMs / 3, TimeUnit.MILLISECONDS);
                return new Attempt(lease, "");
            }
            return new Attempt(null, holderOf(c, name));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the lease on " + name + " in the shared database: " + e.getMessage(), e);
        }
    }

    /** Whether a holder keeps {@code name} now (its lease has not expired). */
    public static boolean isLive(DataSource db, String name) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM run_lease WHERE name = ? AND expires_ms >= " + NOW)) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the lease on " + name + ": " + e.getMessage(), e);
        }
    }

    /** Who holds {@code name} now, as a sentence fragment; empty when nobody does. */
    public static String holder(DataSource db, String name) {
        try (Connection c = db.getConnection()) {
            return holderOf(c, name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the lease on " + name + ": " + e.getMessage(), e);
        }
    }

    private static String holderOf(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT host, pid, heartbeat_ms, expires_ms, " + NOW
                + " FROM run_lease WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return "";
                }
                long now = r.getLong(5);
                long expires = r.getLong(4);
                return String.format(Locale.ROOT, "pid %d on %s, last heartbeat %s ago, %s", r.getLong(2), r.getString(1),
                        seconds(now - r.getLong(3)), expires > now ? "its lease expires in " + seconds(expires - now)
                                + " unless renewed" : "its lease expired " + seconds(now - expires) + " ago");
            }
        }
    }

    private static String seconds(long ms) {
        return Math.max(0, Math.round(ms / 1000.0)) + " s";
    }

    static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "an unnamed host";
        }
    }

    /** A held lease, renewed until {@link #close()}; {@link #isHeld()} turns false if it was lost. */
    public static final class Lease implements AutoCloseable {
        private final DataSource db;
        private final String name;
        private final String holder;
        private final long ttlMs;
        private volatile ScheduledFuture<?> heartbeat;
        private volatile boolean held = true;

        private Lease(DataSource db, String name, String holder, long ttlMs) {
            this.db = db;
            this.name = name;
            this.holder = holder;
            this.ttlMs = ttlMs;
        }

        public String name() {
            return name;
        }

        /** False once the lease was released, or lost (not renewed in time, and taken by another process). */
        public boolean isHeld() {
            return held;
        }

        /** One heartbeat: pushes the expiry a time to live ahead; a lease found taken over is lost for good. */
        void renew() {
            if (!held) {
                return;
            }
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE run_lease SET heartbeat_ms = "
                    + NOW + ", expires_ms = " + NOW + " + ? WHERE name = ? AND holder = ?")) {
                s.setLong(1, ttlMs);
                s.setString(2, name);
                s.setString(3, holder);
                if (s.executeUpdate() == 0) {
                    held = false;
                    stopHeartbeat();
                    LOG.error("The lease on {} was lost: its heartbeat came too late and another process took it over", name);
                }
            } catch (SQLException | RuntimeException e) {
                // the database is unreachable for now: the next heartbeat tries again before the lease expires
                LOG.warn("Could not renew the lease on {}: {}", name, e.getMessage());
            }
        }

        /** Stops renewing without releasing (what a killed holder looks like to the others; for tests). */
        void stopHeartbeat() {
            ScheduledFuture<?> h = heartbeat;
            if (h != null) {
                h.cancel(false);
            }
        }

        /** Releases the lease (idempotent): another process may take it at once. */
        @Override
        public void close() {
            stopHeartbeat();
            if (!held) {
                return;
            }
            held = false;
            try (Connection c = db.getConnection();
                    PreparedStatement s = c.prepareStatement("DELETE FROM run_lease WHERE name = ? AND holder = ?")) {
                s.setString(1, name);
                s.setString(2, holder);
                s.executeUpdate();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Could not release the lease on {} (it expires by itself): {}", name, e.getMessage());
            }
        }
    }
}
