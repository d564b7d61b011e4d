package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.workspace.WorkspaceDatabase;
import org.recprompt.workspace.WorkspaceLockedException;

class HeadStartTest {

    @TempDir
    Path dir;

    @Test
    void theOpeningBegunAtTheStartIsHandedOverOnceAndOnlyForItsWorkspace() throws Exception {
        Path workspace = dir.resolve("ws");
        HeadStart.begin(workspace);
        assertThat(HeadStart.database(dir.resolve("other"))).isEmpty();
        CompletableFuture<WorkspaceDatabase> opening = HeadStart.database(workspace).orElseThrow();
        assertThat(HeadStart.database(workspace)).as("handed over once").isEmpty();
        try (WorkspaceDatabase db = opening.join()) {
            try (var c = db.dataSource().getConnection(); var rs = c.createStatement().executeQuery(
                    "select count(*) from \"flyway_schema_history\" where \"success\"")) {
                rs.next();
                assertThat(rs.getInt(1)).as("migrated").isGreaterThan(5);
            }
        }
    }

    @Test
    void aWorkspaceHeldByAnotherOpeningFailsAsTheRunReportsIt() throws Exception {
        Path workspace = dir.resolve("ws");
        try (WorkspaceDatabase held = HeadStart.openDatabase(workspace, null).join()) {
            HeadStart.begin(workspace);
            CompletableFuture<WorkspaceDatabase> second = HeadStart.database(workspace).orElseThrow();
            Throwable t = catchThrowable(second::join);
            assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WorkspaceLockedException.class);
        }
    }
}
