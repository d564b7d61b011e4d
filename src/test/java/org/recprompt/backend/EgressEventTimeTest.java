package org.recprompt.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** An egress event keeps its time to the microsecond, rounded as the workspace's log rounds it. */
class EgressEventTimeTest {

    private static EgressEvent at(Instant t) {
        return new EgressEvent(t, "p", "r", "v", "b", "openai", "m", "http://x", 10, false, List.of("1"), 200);
    }

    @Test
    void nanosecondsRoundHalfUpToTheMicrosecond() {
        assertEquals(Instant.parse("2026-12-06T12:00:00.124Z"), at(Instant.parse("2026-12-06T12:00:00.123999600Z")).time(),
                "rounded up across the millisecond, as the log stores it");
        assertEquals(Instant.parse("2026-12-06T12:00:00.123999Z"), at(Instant.parse("2026-12-06T12:00:00.123999400Z")).time());
        assertEquals(Instant.parse("2026-12-06T12:00:00.123999Z"), at(Instant.parse("2026-12-06T12:00:00.123998500Z")).time());
        assertEquals(Instant.parse("2026-12-06T12:00:01Z"), at(Instant.parse("2026-12-06T12:00:00.999999999Z")).time());
        Instant micros = Instant.parse("2026-12-06T12:00:00.000001Z");
        assertEquals(micros, at(micros).time(), "a time already in microseconds is kept");
        assertEquals(Instant.parse("1969-12-31T23:59:59.999999Z"), at(Instant.parse("1969-12-31T23:59:59.999999200Z")).time(),
                "before 1970 too");
    }

    @Test
    void theTimeSurvivesTheLogsColumnUnchanged() {
        for (long n = 0; n < 5_000; n++) {
            Instant t = Instant.parse("2026-12-06T12:00:00Z").plusNanos(n * 199_999L + 7);
            Instant kept = at(t).time();
            // what a TIMESTAMP(6) column gives back: the JDBC timestamp of a time already in microseconds is that time
            assertEquals(kept, Timestamp.from(kept).toInstant());
            assertEquals(0, kept.getNano() % 1_000);
        }
    }
}
