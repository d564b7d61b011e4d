package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.batch.FakeOpenAiBatches;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.workspace.WorkspaceLocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs whose backend has {@code batch: true}, against the local fake of OpenAI's Files + Batches API. */
class BatchRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int USERS = 6;

    @TempDir
    Path dir;
    FakeOpenAiBatches fake;
    Path exp;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeOpenAiBatches();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    Path experiment(String extra) throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: gpt, type: openai, baseUrl: \"" + fake.baseUrl()
                + "\", model: gpt-4o-mini, batch: true, batchSize: 4, batchPoll: 0.01, batchPollMax: 0.05" + extra + " }");
        return exp;
    }

    RunSetup setup() {
        return RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline().withEnv(v -> null));
    }

    static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void everyCallIsAnsweredThroughBatchesAtTheBatchPrice() throws Exception {
        experiment("");
        fake.pollsToComplete = 2;
        RunSetup setup = setup();
        assertThat(RunEstimate.of(setup).lines().get(0).cost()).isCloseTo(
                BackendHandle.listPrices(setup.spec().backends().get(0), setup.env().prices()).cost("gpt-4o-mini",
                        new org.recprompt.backend.Usage(RunEstimate.of(setup).lines().get(0).inputTokens(),
                                RunEstimate.of(setup).lines().get(0).outputTokens())) * 0.5, within(1e-12));
        ExperimentRun.Result r = ExperimentRun.start(setup, dir.resolve("out"), false, null).await();
        assertThat(r.state()).as(r.failure()).isEqualTo(State.COMPLETE);
        List<JsonNode> responses = lines(dir.resolve("out/responses.jsonl"));
        assertThat(responses).hasSize(USERS);
        assertThat(fake.created).hasValue(2); // 6 calls, batchSize 4
        assertThat(fake.submitted.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        Set<String> batchIds = new HashSet<>();
        for (JsonNode n : responses) {
            assertThat(n.path("status").asText()).isEqualTo("OK");
            assertThat(n.path("batch").asText()).startsWith("batch_");
            batchIds.add(n.path("batch").asText());
            // gpt-4o-mini: $0.15 / $0.075 cached / $0.60 per million; 100 in of which the fake reports 64 cached,
            // 20 out; the whole at half price
            assertThat(n.path("usage").path("cached_input_tokens").asLong()).isEqualTo(64);
            assertThat(n.path("cost").asDouble()).isCloseTo((36 * 0.15 + 64 * 0.075 + 20 * 0.60) / 1e6 * 0.5, within(1e-12));
        }
        assertThat(batchIds).hasSize(2);
        List<BatchJournal.Batch> journalled = BatchJournal.list(dir.resolve("out"));
        assertThat(journalled).hasSize(2).allSatisfy(b -> assertThat(b.collected()).isTrue());
        JsonNode backend = JSON.readTree(dir.resolve("out/summary.json").toFile()).path("backends").path(0);
        assertThat(backend.path("batch").asBoolean()).isTrue();
        assertThat(backend.path("batchDiscount").asDouble()).isEqualTo(0.5);
        List<JsonNode> egress = lines(dir.resolve("out/egress.jsonl"));
        assertThat(egress).hasSize(fake.seen.size());
        List<JsonNode> uploads = egress.stream().filter(e -> e.toString().contains("/v1/files\"")).toList();
        assertThat(uploads).hasSize(2);
        assertThat(uploads.get(0).path("users").size()).isEqualTo(4);
    }

    @Test
    void anExpiredBatchLeavesItsUnansweredCallsAsErrorsThatAResumeAsksAgain() throws Exception {
        experiment(", batchDiscount: 0.4");
        fake.pollsToComplete = 1;
        fake.expire = true;
        fake.answeredBeforeEnd = 0.5;
        ExperimentRun.Result first = ExperimentRun.start(setup(), dir.resolve("out"), false, null).await();
        assertThat(first.state()).isEqualTo(State.COMPLETE);
        List<JsonNode> responses = lines(dir.resolve("out/responses.jsonl"));
        long errors = responses.stream().filter(n -> n.path("status").asText().equals("ERROR")).count();
        assertThat(errors).isEqualTo(3); // 2 of 4 and 1 of 2
        assertThat(responses.stream().filter(n -> n.path("status").asText().equals("ERROR")))
                .allSatisfy(n -> assertThat(n.path("error").asText()).contains("batch_expired"));

        fake.expire = false;
        ExperimentRun.Result again = ExperimentRun.start(setup(), dir.resolve("out"), true, null).await();
        assertThat(again.state()).isEqualTo(State.COMPLETE);
        assertThat(lines(dir.resolve("out/responses.jsonl"))).allSatisfy(n -> assertThat(n.path("status").asText()).isEqualTo("OK"));
        assertThat(fake.created).hasValue(3); // the 3 expired calls in one new batch
        assertThat(fake.submitted.values().stream().filter(n -> n.get() == 2)).hasSize(3);
    }

    @Test
    void cancellingTheRunCancelsItsBatchesAndAResumeCollectsWhatTheyAnswered() throws Exception {
        experiment("");
        fake.pollsToComplete = 1_000_000;
        ExperimentRun run = ExperimentRun.start(setup(), dir.resolve("out"), false, null);
        for (int i = 0; i < 400 && fake.polls.get() < 4; i++) {
            Thread.sleep(10);
        }
        assertThat(run.progress().message()).contains("batch 1 of 2: in progress");
        run.cancel();
        assertThat(run.await(Duration.ofSeconds(30)).state()).isEqualTo(State.CANCELLED);
        assertThat(fake.cancels).hasValue(2);
        assertThat(BatchJournal.list(dir.resolve("out"))).allSatisfy(b -> assertThat(b.cancelAsked()).isTrue());

        ExperimentRun.Result resumed = ExperimentRun.start(setup(), dir.resolve("out"), true, null).await();
        assertThat(resumed.state()).isEqualTo(State.COMPLETE);
        assertThat(fake.created).hasValue(2); // nothing submitted again while its batch was open
        List<JsonNode> responses = lines(dir.resolve("out/responses.jsonl"));
        assertThat(responses.stream().filter(n -> n.path("status").asText().equals("OK"))).hasSize(3); // half of each batch
        assertThat(responses.stream().filter(n -> n.path("error").asText().contains("batch_cancelled"))).hasSize(3);
    }

    @Test
    void batchKeysAreRefusedWhereTheyCannotApply() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        Path ollama = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: o, type: ollama, model: m, batch: true }");
        assertThatThrownBy(() -> ExperimentFile.load(ollama, dir)).hasMessageContaining("batch applies to openai and anthropic");
        Path zero = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: g, type: openai, model: m, batch: true, batchDiscount: 0 }");
        assertThatThrownBy(() -> ExperimentFile.load(zero, dir)).hasMessageContaining("batchDiscount");
        Path alone = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: g, type: openai, model: m, batchDiscount: 0.5 }");
        assertThatThrownBy(() -> ExperimentFile.load(alone, dir)).hasMessageContaining("applies with batch: true");
    }

    /**
     * {@code recprompt run} in its own process, killed (SIGKILL) while it polls its batches: the
     * resumed run polls and collects the same batches, submits none again, and every call is
     * answered once.
     */
    @Test
    void aRunKilledWhilePollingResumesItsBatchesWithoutSubmittingAnyAgain() throws Exception {
        experiment("");
        fake.pollsToComplete = 1_000_000;
        Path out = dir.resolve("out");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "-D" + WorkspaceLocation.PROPERTY + "=" + dir.resolve("ws"),
                "org.recprompt.Application", "run", exp.toString(), "--out", out.toString(), "--no-cache", "--quiet"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
        try {
            for (int i = 0; i < 1200 && fake.polls.get() < 6 && p.isAlive(); i++) {
                Thread.sleep(50);
            }
            assertThat(fake.polls.get()).as("polls before the kill; log: %s", log()).isGreaterThanOrEqualTo(6);
            p.destroyForcibly(); // SIGKILL: no cancel reaches the provider
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(log()).contains("Batch mode: gpt at 0.50 x the list price");
        assertThat(fake.created).hasValue(2);
        assertThat(fake.cancels).hasValue(0);
        assertThat(RunJournal.read(out.resolve(RunJournal.FILE)).records()).isEmpty();

        fake.pollsToComplete = 1; // the provider finishes while nobody polls
        AtomicInteger before = new AtomicInteger(fake.created.get());
        ExperimentRun.Result resumed = ExperimentRun.start(setup(), out, true, null).await();
        assertThat(resumed.state()).as(resumed.failure()).isEqualTo(State.COMPLETE);
        assertThat(fake.created.get()).isEqualTo(before.get());
        assertThat(fake.uploads).hasValue(2);
        assertThat(fake.submitted.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        List<CallRecord> records = RunJournal.read(out.resolve(RunJournal.FILE)).records();
        assertThat(records).hasSize(USERS);
        assertThat(records.stream().map(CallRecord::key).distinct()).hasSize(USERS);
        assertThat(records).allSatisfy(rec -> {
            assertThat(rec.isError()).isFalse();
            assertThat(rec.batch()).startsWith("batch_");
        });
    }

    private String log() throws java.io.IOException {
        Path f = dir.resolve("run.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }
}
