package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.RecPromptCli;
import org.recprompt.report.RerankControl;
import org.recprompt.report.RunFolder;

/**
 * The results view's popularity/calibration control on a real run folder (most-popular, random and
 * an LLM answering through a fake server, with an invented title in its answers): at beta = lambda
 * = 0 it reproduces the run's own numbers, it asks no model again, and penalising popularity lowers ARP.
 */
class RerankControlRunTest {

    @TempDir
    Path dir;

    @Test
    void the_control_reproduces_the_run_at_zero_asks_no_model_and_penalising_popularity_lowers_arp() throws Exception {
        Path out = dir.resolve("out");
        long requests;
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 30), ExperimentFixtures.template(dir, "ranking"),
                    30, "{ id: pop, type: most-popular }", "{ id: random, type: random, seed: 5 }",
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: test-model, concurrency: 4 }");
            StringWriter err = new StringWriter();
            int code = RecPromptCli.run(new String[] {"run", exp.toString(), "--out", out.toString(), "--no-cache"},
                    new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertThat(code).as(err.toString()).isZero();
            requests = server.requests.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum();
            assertThat(requests).isEqualTo(30);
        } // the server is gone from here on: a call to it would fail

        RunFolder run = RunFolder.open(out);
        RerankControl control = RerankControl.of(run);
        assertThat(control.available()).as(String.valueOf(control.reason())).isTrue();
        assertThat(control.calibrates()).isTrue();
        assertThat(control.metrics()).containsExactly("ndcg@5", "hr@5", "arp", "aplt", "calibration_kl", "coverage");

        // Everything is prepared: with the run folder emptied, the control still re-ranks.
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        RerankControl.Values zero = control.at(0, 0);
        for (String v : List.of("pop", "random", "llm")) {
            for (String m : control.metrics()) {
                assertThat(zero.get(v, m)).as(v + " " + m + " at beta = lambda = 0 is the run's own")
                        .isCloseTo(run.variant(v).metrics().get(m).mean(), within(1e-6));
            }
        }

        List<RerankControl.Point> curve = control.betaCurve(0);
        for (String v : List.of("pop", "random", "llm")) {
            for (int i = 1; i < curve.size(); i++) {
                assertThat(curve.get(i - 1).values().get(v, "arp")).as(v + ": ARP at beta " + curve.get(i - 1).value() + " <= at "
                        + curve.get(i).value()).isLessThanOrEqualTo(curve.get(i).values().get(v, "arp") + 1e-12);
            }
            assertThat(curve.get(0).values().get(v, "arp")).as(v + ": beta = -1 pulls ARP below the run's")
                    .isLessThan(zero.get(v, "arp"));
        }
        RerankControl.Values calibrated = control.at(0, 0.9);
        assertThat(calibrated.get("random", "calibration_kl")).as("calibration lowers the KL")
                .isLessThan(zero.get("random", "calibration_kl"));
        assertThat(control.at(-0.5, 0.5).get("llm", "ndcg@5")).isBetween(0.0, 1.0);
    }
}
