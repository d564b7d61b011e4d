package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceLockTest {

    @TempDir
    Path dir;

    @Test
    void a_second_lock_on_the_same_workspace_is_refused_with_a_sentence_naming_the_folder_and_holder() throws Exception {
        Path ws = dir.resolve("ws");
        try (WorkspaceLock first = WorkspaceLock.acquire(ws)) {
            assertThat(first.isHeld()).isTrue();
            assertThat(Files.readString(ws.resolve(".lock"))).startsWith("pid " + ProcessHandle.current().pid());

            assertThatThrownBy(() -> WorkspaceLock.acquire(ws))
                    .isInstanceOf(WorkspaceLockedException.class)
                    .hasMessageContaining("The workspace " + ws + " is in use by another RecPrompt Workbench")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("RECPROMPT_WORKSPACE");
        }
    }

    @Test
    void a_released_lock_can_be_taken_again_and_the_folder_is_created() throws Exception {
        Path ws = dir.resolve("a/b/ws");
        WorkspaceLock.acquire(ws).close();
        assertThat(ws).isDirectory();
        try (WorkspaceLock again = WorkspaceLock.acquire(ws)) {
            assertThat(again.workspace()).isEqualTo(ws);
        }
    }
}
