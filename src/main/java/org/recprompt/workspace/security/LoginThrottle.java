package org.recprompt.workspace.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins, counted per account name and per client address, with a doubling back-off: after
 * {@link #FREE_PER_USER} failures for a name (or {@link #FREE_PER_ADDRESS} from an address) further
 * attempts are refused, unchecked, for {@link #FIRST_LOCK}, then twice as long after each further
 * failure, up to {@link #MAX_LOCK}. A name's count ends with a successful login; an address's, like a
 * name's, is forgotten after {@link #FORGET_AFTER} without failures (so signing in to one's own
 * account does not let an address go on guessing others). Thread-safe; bounded in memory.
 */
public class LoginThrottle {

    static final int FREE_PER_USER = 5;
    static final int FREE_PER_ADDRESS = 20;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    private static final class Failures {
        int count;
        Instant last;
        Instant lockedUntil = Instant.MIN;
    }

    /** How long logins for this name from this address are still refused; empty when they may be tried. */
    public synchronized Optional<Duration> lockedFor(String username, String address) {
        Instant now = clock.instant();
        Instant until = later(until(userKey(username), now), until(addressKey(address), now));
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** Counts a failed login; returns the failures now counted for this name. */
    public synchronized int failed(String username, String address) {
        Instant now = clock.instant();
        count(addressKey(address), FREE_PER_ADDRESS, now);
        return count(userKey(username), FREE_PER_USER, now);
    }

    /** A successful login: the name starts afresh (the address does not). */
    public synchronized void succeeded(String username) {
        failures.remove(userKey(username));
    }

    /**
     * Begins a login attempt in one step: refused (how long) while locked, else counted at once as a
     * failure, so that parallel attempts cannot all pass the check before the first one fails. A
     * successful attempt is then undone with {@link #succeeded(String, String)}.
     */
    public synchronized Optional<Duration> attempt(String username, String address) {
        Optional<Duration> locked = lockedFor(username, address);
        if (locked.isEmpty()) {
            failed(username, address);
        }
        return locked;
    }

    /** The attempt begun with {@link #attempt} succeeded: the name starts afresh, the address's count is given back. */
    public synchronized void succeeded(String username, String address) {
        failures.remove(userKey(username));
        Failures f = failures.get(addressKey(address));
        if (f != null && --f.count < FREE_PER_ADDRESS) {
            f.lockedUntil = Instant.MIN;
            if (f.count <= 0) {
                failures.remove(addressKey(address));
            }
        }
    }

    private Instant until(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null) {
            return Instant.MIN;
        }
        if (f.last.plus(FORGET_AFTER).isBefore(now) && !f.lockedUntil.isAfter(now)) {
            failures.remove(key);
            return Instant.MIN;
        }
        return f.lockedUntil;
    }

    private int count(String key, int free, Instant now) {
        until(key, now); // forgets an old count
        Failures f = failures.computeIfAbsent(key, k -> new Failures());
        f.count++;
        f.last = now;
        if (f.count >= free) {
            int doublings = Math.min(f.count - free, 20);
            Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
            f.lockedUntil = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
        }
        return f.count;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "addr:" + (address == null ? "" : address);
    }

    /** A name as typed, made safe for one log line: control characters replaced, at most 64 characters. */
    public static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
