package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.PostgresTestDatabase;

/** Both migration folders hold the same versions, and the PostgreSQL one builds the schema on a real server. */
class PostgresMigrationsTest {

    @TempDir
    Path workspace;

    @Test
    void postgresqlMigrationsBuildTheSameTablesAsH2() throws Exception {
        List<String> h2Tables;
        try (WorkspaceDatabase h2 = WorkspaceDatabase.open(workspace.resolve("h2"),
                DatabaseSettings.of(workspace.resolve("h2"), java.util.Map.of()))) {
            h2Tables = h2.jdbc().queryForList("SELECT LOWER(table_name) FROM information_schema.tables"
                    + " WHERE table_schema = 'PUBLIC' ORDER BY 1", String.class);
        }
        try (PostgresTestDatabase pg = PostgresTestDatabase.create();
                WorkspaceDatabase db = WorkspaceDatabase.open(workspace.resolve("pg"), pg.settings())) {
            List<String> pgTables = db.jdbc().queryForList("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' ORDER BY 1", String.class);
            assertThat(pgTables).isEqualTo(h2Tables).contains("project", "response_cache", "flyway_schema_history");
        }
    }
}
