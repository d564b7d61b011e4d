package org.recprompt.backend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import javax.sql.DataSource;

import org.recprompt.backend.QuotaObservation.Dimension;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.adapter.Providers;
import org.recprompt.workspace.SharedDatabase;

/**
 * A {@link SharedQuota} in the shared database ({@code quota_bucket}, one row per backend and
 * dimension): a grant is one short transaction that locks the row ({@code SELECT ... FOR UPDATE}),
 * refills it by the database server's clock since it was last updated, takes what it can and writes
 * it back, so processes on any machine take from one bucket and never both the same tokens.
 *
 * <p>The backend's identity ({@link #key}) is a SHA-256 of its provider, base URL(s), model and a
 * fingerprint of its API key (itself a SHA-256 of the key, never the key): two processes calling the
 * same provider with the same key share a budget, different keys (different quotas) do not.
 */
public final class DatabaseQuota implements SharedQuota {

    private static final String NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    private static final double MINUTE = 60_000;

    private final DataSource db;
    private final String key;
    private final String description;

    public DatabaseQuota(DataSource db, String key, String description) {
        this.db = db;
        this.key = key;
        this.description = description.length() > 1000 ? description.substring(0, 1000) : description;
    }

    /**
     * Shares {@code limiter}'s budget with the other processes of this process's shared database
     * ({@link SharedDatabase#current()}); nothing happens without one (H2 in a folder: one process).
     */
    public static void attach(RateLimiter limiter, ProviderConfig config, List<String> baseUrls, Function<String, String> env) {
        SharedDatabase.current().ifPresent(db -> limiter.share(new DatabaseQuota(db.dataSource(), key(config, baseUrls, env),
                description(config, baseUrls))));
    }

    /** The backend's identity: provider, base URL(s), model, and the key's fingerprint (never the key). */
    static String key(ProviderConfig config, List<String> baseUrls, Function<String, String> env) {
        String fingerprint;
        try {
            Providers.Key k = Providers.key(config, env);
            fingerprint = k.value() == null ? "no key" : sha256("recprompt-quota-key\n" + k.value());
        } catch (IllegalArgumentException noKey) {
            fingerprint = "no key";
        }
        return sha256(description(config, baseUrls) + "\n" + fingerprint);
    }

    static String description(ProviderConfig config, List<String> baseUrls) {
        List<String> urls = baseUrls == null || baseUrls.isEmpty()
                ? List.of(config.baseUrl() == null ? "(the provider's endpoint)" : config.baseUrl())
                : baseUrls.stream().sorted().toList();
        return config.type() + " " + String.join(",", urls) + " " + config.model();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Grant take(Dimension d, double need, double want, double limit, double initialLevel) {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO quota_bucket (backend_key, dimension, description, "
                        + "limit_per_minute, level, updated_ms, hold_until_ms) VALUES (?, ?, ?, ?, ?, " + NOW + ", 0) "
                        + "ON CONFLICT (backend_key, dimension) DO NOTHING")) {
                    s.setString(1, key);
                    s.setString(2, d.name());
                    s.setString(3, description);
                    s.setDouble(4, limit);
                    s.setDouble(5, Math.min(limit, initialLevel));
                    s.executeUpdate();
                }
                double level;
                long updated;
                long hold;
                long now;
                try (PreparedStatement s = c.prepareStatement("SELECT level, updated_ms, hold_until_ms, " + NOW
                        + " FROM quota_bucket WHERE backend_key = ? AND dimension = ? FOR UPDATE")) {
                    s.setString(1, key);
                    s.setString(2, d.name());
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        level = r.getDouble(1);
                        updated = r.getLong(2);
                        hold = r.getLong(3);
                        now = r.getLong(4);
                    }
                }
                double rate = limit / MINUTE;
                level = Math.min(limit, level + Math.max(0, now - updated) * rate);
                Grant g;
                if (hold > now) {
                    g = new Grant(0, hold - now, level);
                } else if (level >= need) {
                    double granted = Math.min(want, level);
                    level -= granted;
                    g = new Grant(granted, 0, level);
                } else {
                    g = new Grant(0, Math.max(1, (long) Math.ceil((need - level) / rate)), level);
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE quota_bucket SET limit_per_minute = ?, level = ?, "
                        + "updated_ms = ? WHERE backend_key = ? AND dimension = ?")) {
                    s.setDouble(1, limit);
                    s.setDouble(2, level);
                    s.setLong(3, Math.max(now, updated));
                    s.setString(4, key);
                    s.setString(5, d.name());
                    s.executeUpdate();
                }
                c.commit();
                return g;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The shared quota budget of " + description + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void tighten(Dimension d, double limit, double level) {
        // refill to now at the limit in force, then lower to the level a provider's headers allow
        update("UPDATE quota_bucket SET level = LEAST(?, LEAST(?, level + GREATEST(0, " + NOW + " - updated_ms) * ? / "
                + MINUTE + ")), updated_ms = GREATEST(updated_ms, " + NOW + ") WHERE backend_key = ? AND dimension = ?",
                level, limit, limit, key, d.name());
    }

    @Override
    public void hold(long millis) {
        update("UPDATE quota_bucket SET hold_until_ms = GREATEST(hold_until_ms, " + NOW + " + ?) WHERE backend_key = ?",
                millis, key);
    }

    @Override
    public String describe() {
        return "shared with the other processes on this database";
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The shared quota budget of " + description + " cannot be updated: " + e.getMessage(), e);
        }
    }
}
