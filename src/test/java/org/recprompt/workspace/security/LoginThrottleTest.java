package org.recprompt.workspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final HandClock clock = new HandClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void a_name_is_locked_after_five_failures_with_a_doubling_back_off() {
        for (int i = 1; i < LoginThrottle.FREE_PER_USER; i++) {
            throttle.failed("bob", "10.0.0.1");
            assertThat(throttle.lockedFor("bob", "10.0.0.1")).as("after %d failures", i).isEmpty();
        }
        throttle.failed("bob", "10.0.0.1");
        assertThat(throttle.lockedFor("bob", "10.0.0.1")).contains(LoginThrottle.FIRST_LOCK);
        // from another address too: the name is what is guessed
        assertThat(throttle.lockedFor("BOB", "10.0.0.9")).contains(LoginThrottle.FIRST_LOCK);
        assertThat(throttle.lockedFor("alice", "10.0.0.9")).isEmpty();

        clock.advance(LoginThrottle.FIRST_LOCK);
        assertThat(throttle.lockedFor("bob", "10.0.0.1")).isEmpty();
        throttle.failed("bob", "10.0.0.1");
        assertThat(throttle.lockedFor("bob", "10.0.0.1")).contains(LoginThrottle.FIRST_LOCK.multipliedBy(2));
        for (int i = 0; i < 30; i++) {
            throttle.failed("bob", "10.0.0.1");
        }
        assertThat(throttle.lockedFor("bob", "10.0.0.1")).contains(LoginThrottle.MAX_LOCK);
    }

    @Test
    void an_address_trying_many_names_is_locked_too() {
        for (int i = 0; i < LoginThrottle.FREE_PER_ADDRESS; i++) {
            throttle.failed("user" + i, "10.0.0.2");
        }
        assertThat(throttle.lockedFor("someone-new", "10.0.0.2")).contains(LoginThrottle.FIRST_LOCK);
        assertThat(throttle.lockedFor("someone-new", "10.0.0.3")).isEmpty();
    }

    @Test
    void success_clears_the_name_and_old_failures_are_forgotten() {
        for (int i = 0; i < LoginThrottle.FREE_PER_USER - 1; i++) {
            throttle.failed("carol", "10.0.0.4");
        }
        throttle.succeeded("carol");
        throttle.failed("carol", "10.0.0.4");
        assertThat(throttle.lockedFor("carol", "10.0.0.4")).isEmpty();

        for (int i = 0; i < LoginThrottle.FREE_PER_USER - 2; i++) {
            throttle.failed("dave", "10.0.0.5");
        }
        clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        assertThat(throttle.failed("dave", "10.0.0.5")).isEqualTo(1);
    }

    @Test
    void parallel_attempts_are_counted_before_their_passwords_are_checked() {
        // six attempts begun before any password check ends: the sixth is refused, the first five count
        for (int i = 0; i < LoginThrottle.FREE_PER_USER; i++) {
            assertThat(throttle.attempt("admin", "10.0.0." + i)).isEmpty();
        }
        assertThat(throttle.attempt("admin", "10.0.0.9")).isPresent();
        // an attempt that succeeds gives its count back: the address is not charged for a right password
        assertThat(throttle.attempt("alice", "10.0.1.1")).isEmpty();
        throttle.succeeded("alice", "10.0.1.1");
        for (int i = 0; i < LoginThrottle.FREE_PER_ADDRESS - 1; i++) {
            assertThat(throttle.attempt("user" + i, "10.0.1.1")).isEmpty();
        }
        assertThat(throttle.attempt("user-last", "10.0.1.1")).as("the twentieth failure from the address locks it").isEmpty();
        assertThat(throttle.attempt("user-after", "10.0.1.1")).isPresent();
    }

    @Test
    void names_in_log_lines_are_printable_and_cut() {
        assertThat(LoginThrottle.printable("bob\nFAKE LOG LINE")).isEqualTo("bob?FAKE LOG LINE");
        assertThat(LoginThrottle.printable("x".repeat(100))).hasSize(67);
    }
}
