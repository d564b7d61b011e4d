package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.recprompt.workspace.DatabaseSettings;
import org.recprompt.workspace.WorkspaceDatabase;

/**
 * Workers need a shared database: on H2 (no RECPROMPT_DB_URL) the worker command and run --workers
 * refuse with one sentence saying what to set (exit 2), and nothing is run or written; a simulation is
 * refused on workers before anything runs.
 */
class WorkersRefusalTest extends InProcessCli {

    @Test
    void the_worker_and_run_on_workers_refuse_h2_with_what_to_set() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(DatabaseSettings.URL_VARIABLE) == null,
                "skipped: RECPROMPT_DB_URL is set in this environment");
        assertThat(run("worker", "--exit-when-idle")).isEqualTo(2);
        assertThat(err.toString()).contains("worker: workers need a shared database: set RECPROMPT_DB_URL");

        Path data = ExperimentFixtures.dataset(dir, 5);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        Path exp = ExperimentFixtures.experiment(dir, data, tpl, 5, "{ id: pop, type: most-popular }");
        assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString(), "--workers")).isEqualTo(2);
        assertThat(err.toString()).contains("run: --workers needs a shared database");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void opening_a_shared_database_refuses_h2() {
        DatabaseSettings h2 = DatabaseSettings.of(dir.resolve("ws"), java.util.Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkspaceDatabase.openShared(dir.resolve("ws"), h2))
                .hasMessageContaining("workers need a shared database");
    }
}
