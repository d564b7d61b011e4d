package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.EgressLog;
import org.recprompt.backend.ResponseCache;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.workspace.WorkspaceDatabase;

/**
 * A run folder has one writer at a time, and a run killed before its batching writers flushed is
 * completed on resume: the response cache gets every answer of the journal, the workspace's egress
 * log every request of egress.jsonl, each exactly once, and nothing is sent again.
 */
class RunRecoveryTest {

    static final int USERS = 12;

    @TempDir
    Path dir;

    @Test
    void a_second_writer_of_a_run_folder_is_refused_at_once_naming_the_holder_and_may_resume_once_it_ended() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var llm = new ExperimentFixtures.FakeOpenAi(300)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS,
                    "{ id: llm, type: openai, baseUrl: \"" + llm.baseUrl() + "\", model: m, concurrency: 1 }");
            Path out = dir.resolve("out");
            ExperimentRun first = ExperimentRun.start(setup(exp, RunEnvironment.offline().withEnv(v -> null)), out, false, null);

            assertThatThrownBy(() -> ExperimentRun.start(setup(exp, RunEnvironment.offline().withEnv(v -> null)), out, true, null))
                    .isInstanceOf(RunFolderLock.LockedException.class)
                    .hasMessageContaining("is being written by another run")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(first.await().state()).isEqualTo(State.COMPLETE);
            assertThat(llm.repeated()).as("no request was sent twice").isZero();

            ExperimentRun again = ExperimentRun.start(setup(exp, RunEnvironment.offline().withEnv(v -> null)), out, true, null);
            assertThat(again.await().state()).as("the lock was released when the first run ended").isEqualTo(State.COMPLETE);
            assertThat(again.resumedCalls()).isEqualTo(USERS);
        }
    }

    @Test
    void after_a_kill_the_resumed_run_sends_nothing_and_completes_the_cache_and_the_egress_log_exactly_once() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var llm = new ExperimentFixtures.FakeOpenAi(0); WorkspaceDatabase db = WorkspaceDatabase.open(dir.resolve("ws"))) {
            ResponseCache cache = new ResponseCache(db.jdbc(), Clock.systemUTC());
            EgressLog log = new EgressLog(db.jdbc());
            RunEnvironment env = RunEnvironment.offline().withEnv(v -> null).withCache(cache).withPrivacy(false, log, null);
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: pop, type: most-popular }",
                    "{ id: llm, type: openai, baseUrl: \"" + llm.baseUrl() + "\", model: m, concurrency: 2 }");
            Path out = dir.resolve("run-1");
            assertThat(ExperimentRun.start(setup(exp, env), out, false, null).await().state()).isEqualTo(State.COMPLETE);
            assertThat(cache.size()).isEqualTo(USERS);
            assertThat(log.count()).isEqualTo(USERS);
            int sent = llm.total.get();

            // what a kill -9 leaves: the journal and egress.jsonl hold every call, the batched writers had not flushed
            // the last of them, and a final write was cut short
            db.jdbc().update("DELETE FROM response_cache WHERE cache_key IN (SELECT cache_key FROM response_cache LIMIT 7)");
            db.jdbc().update("DELETE FROM egress_log WHERE id IN (SELECT id FROM egress_log ORDER BY id DESC LIMIT 5)");
            Files.writeString(out.resolve(".summary.json-123.tmp"), "{\"half");

            ExperimentRun resumed = ExperimentRun.start(setup(exp, env), out, true, null);
            assertThat(resumed.await().state()).isEqualTo(State.COMPLETE);

            assertThat(llm.total.get()).as("requests sent by the resumed run").isEqualTo(sent);
            assertThat(cache.size()).isEqualTo(USERS);
            assertThat(log.count()).isEqualTo(USERS);
            assertThat(log.list(null, false, 0)).extracting(e -> e.variant() + e.users()).doesNotHaveDuplicates(); // one call per user and variant
            assertThat(Files.exists(out.resolve(".summary.json-123.tmp"))).isFalse();
            assertThat(resumed.recoveryNote()).contains("7 answers").contains("5 requests").contains("1 temporary file");

            ExperimentRun twice = ExperimentRun.start(setup(exp, env), out, true, null);
            assertThat(twice.await().state()).isEqualTo(State.COMPLETE);
            assertThat(twice.recoveryNote()).as("nothing is missing any more").isEmpty();
            assertThat(cache.size()).isEqualTo(USERS);
            assertThat(log.count()).isEqualTo(USERS);
            assertThat(llm.total.get()).isEqualTo(sent);

            // a new run of the same experiment into another folder finds every answer in the cache
            assertThat(ExperimentRun.start(setup(exp, env), dir.resolve("run-2"), false, null).await().state())
                    .isEqualTo(State.COMPLETE);
            assertThat(llm.total.get()).isEqualTo(sent);
        }
    }

    private RunSetup setup(Path exp, RunEnvironment env) {
        return RunSetup.prepare(ExperimentFile.load(exp, dir), env);
    }
}
