package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.PostgresTestDatabase;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.experiment.workers.DistributedDispatch;
import org.recprompt.experiment.workers.ShardStore;
import org.recprompt.workspace.WorkspaceDatabase;
import org.recprompt.workspace.WorkspaceLocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run spread over two worker processes (child JVMs) on the real PostgreSQL, one killed with
 * destroyForcibly() in the middle of a shard: the other takes the dead worker's shard over once its
 * lease (heartbeats) expired, every call is answered (counted at the fake server: once, or twice for
 * the calls the killed worker had in flight), the journal holds one record per call, and the outputs
 * equal a single-process run of the same experiment. Skipped with a message without PostgreSQL.
 */
class WorkersKillTest {

    static final int USERS = 30;
    static final int CONCURRENCY = 2;

    @TempDir
    Path dir;

    @Test
    void a_killed_workers_shard_is_taken_over_and_the_outputs_equal_a_single_process_run() throws Exception {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create();
                var llm = new ExperimentFixtures.FakeOpenAi(1200)) {
            Path data = ExperimentFixtures.dataset(dir, USERS);
            Path tpl = ExperimentFixtures.template(dir, "ranking");
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS,
                    "{ id: llm, type: openai, baseUrl: \"" + llm.baseUrl() + "\", model: m, concurrency: " + CONCURRENCY + " }");

            // the single-process run, for the outputs to compare with
            ExperimentRun single = ExperimentRun.start(setup(exp), dir.resolve("single"), false, null);
            assertThat(single.await().state()).isEqualTo(State.COMPLETE);
            llm.requests.clear();
            llm.total.set(0);

            Path out = dir.resolve("distributed");
            List<Process> workers = new ArrayList<>();
            try (WorkspaceDatabase db = WorkspaceDatabase.openShared(dir, pg.settings())) {
                DistributedDispatch dispatch = new DistributedDispatch(db.dataSource(), dir, 5, false, false);
                ExperimentRun run = ExperimentRun.start(setup(exp), out, false, null, null, dispatch);
                for (int i = 0; i < 200 && dispatch.status() == null; i++) {
                    Thread.sleep(50);
                }
                assertThat(dispatch.status()).as("the shards were queued").isNotNull();
                assertThat(dispatch.status().shards()).hasSize(6);
                workers.add(worker(pg, "w1"));
                workers.add(worker(pg, "w2"));
                ShardStore store = new ShardStore(db.dataSource());
                String runId = dispatch.status().runId();
                boolean midShard = false;
                for (int i = 0; i < 1200 && !midShard && workers.get(0).isAlive(); i++) {
                    Thread.sleep(50);
                    midShard = store.shards(runId).stream().anyMatch(s -> "w1".equals(s.worker()) && s.state().equals(ShardStore.RUNNING)
                            && s.callsDone() >= 1 && s.callsDone() < s.calls());
                }
                assertThat(midShard).as("w1 was in the middle of a shard; w1's log: %s", log("w1")).isTrue();
                workers.get(0).destroyForcibly();
                assertThat(workers.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();

                ExperimentRun.Result result = run.await(java.time.Duration.ofSeconds(240));
                assertThat(result).as("the run ended; w2's log: %s", log("w2")).isNotNull();
                assertThat(result.state()).as("w2's log: %s", log("w2")).isEqualTo(State.COMPLETE);
                assertThat(workers.get(1).waitFor(60, TimeUnit.SECONDS)).as("w2 stopped when idle").isTrue();
                assertThat(log("w2")).contains("taken over from w1");
                assertThat(store.shards(runId)).allMatch(s -> s.state().equals(ShardStore.DONE));
            } finally {
                workers.forEach(Process::destroyForcibly);
            }

            // every call answered: once, or twice for a call w1 had in flight when it was killed
            assertThat(llm.requests).hasSize(USERS);
            long twice = llm.requests.values().stream().filter(n -> n.get() == 2).count();
            assertThat(llm.requests.values()).allMatch(n -> n.get() <= 2);
            assertThat(twice).as("at most the killed worker's calls in flight").isLessThanOrEqualTo(CONCURRENCY);
            Map<String, Integer> perKey = new HashMap<>();
            for (CallRecord r : RunJournal.read(out.resolve(RunJournal.FILE)).records()) {
                perKey.merge(r.key(), 1, Integer::sum);
            }
            assertThat(perKey).hasSize(USERS);
            assertThat(perKey.values()).allMatch(n -> n == 1);

            // the outputs equal the single-process run's
            assertThat(Files.readString(out.resolve("recommendations.csv")))
                    .isEqualTo(Files.readString(dir.resolve("single").resolve("recommendations.csv")));
            assertThat(metrics(out)).isEqualTo(metrics(dir.resolve("single")));
            assertThat(Files.readString(out.resolve("metrics-per-user.csv")))
                    .isEqualTo(Files.readString(dir.resolve("single").resolve("metrics-per-user.csv")));
        }
    }

    private static RunSetup setup(Path exp) {
        return RunSetup.prepare(ExperimentFile.load(exp, exp.getParent()), RunEnvironment.offline().withEnv(v -> null));
    }

    private static JsonNode metrics(Path run) throws java.io.IOException {
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        List<JsonNode> out = new ArrayList<>();
        summary.path("variants").forEach(v -> out.add(v.path("metrics")));
        return new ObjectMapper().valueToTree(out);
    }

    private Process worker(PostgresTestDatabase pg, String name) throws java.io.IOException {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "-D" + WorkspaceLocation.PROPERTY + "=" + dir.resolve("ws-" + name),
                "org.recprompt.Application", "worker", "--name", name, "--exit-when-idle", "--heartbeat-seconds", "1",
                "--missed-heartbeats", "4");
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        b.environment().putAll(pg.environment());
        return b.start();
    }

    private String log(String name) throws java.io.IOException {
        Path f = dir.resolve(name + ".log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

}
