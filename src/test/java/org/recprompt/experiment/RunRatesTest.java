package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.experiment.RunProgress.VariantProgress;

/** A run's rates: no ETA from the first of the calls in flight; a known rate once a round of them finished. */
class RunRatesTest {

    @Test
    void the_first_answer_of_eight_in_flight_gives_no_eta_and_the_rate_follows_the_rounds() {
        RunRates rates = new RunRates(Map.of("llm-a", "llm"), Map.of("llm", 8));
        for (int i = 0; i < 8; i++) {
            rates.started("llm-a", 0);
        }
        rates.finished("llm-a", 45_000);
        assertThat(rates.variantRate("llm-a", 45_000)).isZero();
        assertThat(progress(rates, 400, 1, 45_000).eta()).as("one of eight: no ETA, not '2h 59m'").isEmpty();

        for (int i = 1; i < 8; i++) {
            rates.finished("llm-a", 45_100);
        }
        assertThat(progress(rates, 400, 8, 46_000).eta()).as("eight: still no more than a round").isEmpty();
        rates.finished("llm-a", 90_000);
        for (int i = 1; i < 8; i++) {
            rates.finished("llm-a", 90_100);
        }
        Duration eta = progress(rates, 400, 16, 91_000).eta().orElseThrow();
        // the pace is 8 calls per 45 s: 384 calls are 36 minutes; the estimate is of that order
        assertThat(eta).isBetween(Duration.ofMinutes(18), Duration.ofMinutes(72));
        assertThat(progress(rates, 400, 16, 91_000).variants().get(0).eta()).isPresent();
    }

    @Test
    void each_backend_has_its_own_rate_and_the_run_waits_for_the_slowest() {
        RunRates rates = new RunRates(Map.of("fast-v", "fast", "slow-v", "slow"), Map.of("fast", 1, "slow", 1));
        rates.started("fast-v", 0);
        rates.started("slow-v", 0);
        for (long t = 1_000; t <= 20_000; t += 1_000) {
            rates.finished("fast-v", t); // 1 call/s
            if (t % 4_000 == 0) {
                rates.finished("slow-v", t); // 0.25 call/s
            }
        }
        Map<String, Double> lanes = rates.laneRates(20_000);
        assertThat(lanes.get("fast")).isBetween(0.8, 1.2);
        assertThat(lanes.get("slow")).isBetween(0.2, 0.3);
        RunProgress p = new RunProgress(State.RUNNING, "", List.of(
                new VariantProgress("fast-v", "fast", 100, 20, 0, 0, 0, rates.variantRate("fast-v", 20_000)),
                new VariantProgress("slow-v", "slow", 100, 5, 0, 0, 0, rates.variantRate("slow-v", 20_000))),
                Duration.ofSeconds(20), lanes);
        // 95 calls at 0.25/s: about 380 s; the fast backend's 80 s do not count
        assertThat(p.eta().orElseThrow()).isBetween(Duration.ofSeconds(300), Duration.ofSeconds(480));
    }

    static RunProgress progress(RunRates rates, long total, long done, long now) {
        return new RunProgress(State.RUNNING, "", List.of(new VariantProgress("llm-a", "llm", total, done, 0, 0, 0,
                rates.variantRate("llm-a", now))), Duration.ofMillis(now), rates.laneRates(now));
    }
}
