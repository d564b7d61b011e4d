package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.Usage;
import org.recprompt.workspace.WorkspaceDatabase;

/** The run command's cache source: whether the cache is empty is asked once the database opens, and trusted only until a write. */
class RunCommandCacheTest {

    @TempDir
    Path dir;

    private static BackendResult answer(String text) {
        return BackendResult.ok(text, new Usage(10, 2), 5);
    }

    @Test
    void aFreshWorkspaceIsKnownEmptyFromItsOpeningUntilAnAnswerIsWritten() throws Exception {
        try (WorkspaceDatabase db = WorkspaceDatabase.open(dir.resolve("ws"))) {
            CompletableFuture<WorkspaceDatabase> opening = new CompletableFuture<>();
            RunCommand.CachedCache source = new RunCommand.CachedCache(opening, true);
            opening.complete(db);
            assertThat(source.emptySinceOpened()).as("asked when the database opened").isTrue();

            source.get().put("k", "openai", "m", 0, answer("1. Toy Story (1995)"));
            assertThat(source.emptySinceOpened()).as("an answer written since: the run asks the cache itself").isNull();
            assertThat(source.get().isEmpty()).isFalse();
        }
    }

    @Test
    void aCacheWithAnswersIsKnownNotEmptyAndASharedOneIsNotAskedEarly() throws Exception {
        Path ws = dir.resolve("ws");
        try (WorkspaceDatabase db = WorkspaceDatabase.open(ws)) {
            new org.recprompt.backend.ResponseCache(db.jdbc(), java.time.Clock.systemUTC()).put("k", "openai", "m", 0, answer("x"));
            RunCommand.CachedCache sole = new RunCommand.CachedCache(CompletableFuture.completedFuture(db), true);
            assertThat(sole.emptySinceOpened()).isFalse();
            RunCommand.CachedCache shared = new RunCommand.CachedCache(CompletableFuture.completedFuture(db), false);
            assertThat(shared.emptySinceOpened()).as("other writers may add answers: not asked ahead").isNull();
        }
    }

    @Test
    void aDatabaseThatFailedToOpenLeavesTheQuestionToTheRun() {
        CompletableFuture<WorkspaceDatabase> failed = CompletableFuture.failedFuture(new IllegalStateException("locked"));
        assertThat(new RunCommand.CachedCache(failed, true).emptySinceOpened()).isNull();
        assertThat(new RunCommand.CachedCache(CompletableFuture.completedFuture(null), true).emptySinceOpened())
                .as("a run without the cache").isNull();
    }
}
