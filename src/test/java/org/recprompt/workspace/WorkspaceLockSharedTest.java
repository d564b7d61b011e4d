package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceLockSharedTest {

    @TempDir
    Path dir;

    static final DatabaseSettings SERVER = new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/x", "u", "p");

    @Test
    void onADatabaseServerSeveralHoldersShareTheWorkspaceAndH2IsRefusedMeanwhile() throws Exception {
        Path ws = dir.resolve("ws");
        DatabaseSettings h2 = DatabaseSettings.of(ws, java.util.Map.of());
        try (WorkspaceLock a = WorkspaceLock.acquire(ws, SERVER); WorkspaceLock b = WorkspaceLock.acquire(ws, SERVER)) {
            assertThat(a.isHeld()).isTrue();
            assertThat(b.isHeld()).isTrue();
            assertThatThrownBy(() -> WorkspaceLock.acquire(ws, h2)).isInstanceOf(WorkspaceLockedException.class)
                    .hasMessageContaining("in use by another RecPrompt Workbench")
                    .hasMessageContaining("only on a database server");
            a.close();
            assertThat(b.isHeld()).as("one sharer leaving keeps the others' lock").isTrue();
            assertThatThrownBy(() -> WorkspaceLock.acquire(ws, h2)).isInstanceOf(WorkspaceLockedException.class);
        }
        try (WorkspaceLock exclusive = WorkspaceLock.acquire(ws, h2)) {
            assertThatThrownBy(() -> WorkspaceLock.acquire(ws, SERVER)).isInstanceOf(WorkspaceLockedException.class)
                    .hasMessageContaining("on its own H2 database");
        }
        try (WorkspaceLock again = WorkspaceLock.acquire(ws, SERVER)) {
            assertThat(again.isHeld()).isTrue();
        }
    }
}
