package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.PostgresTestDatabase;
import org.recprompt.workspace.LeasesPostgresTest;
import org.recprompt.workspace.SharedDatabase;

import com.zaxxer.hikari.HikariDataSource;

/** The run-folder lock across processes on a shared PostgreSQL (skipped with a message without one). */
class RunFolderLockPostgresTest {

    @TempDir
    Path workspace;

    PostgresTestDatabase pg;
    HikariDataSource db;
    SharedDatabase shared;

    @BeforeEach
    void open() {
        pg = PostgresTestDatabase.create();
        db = LeasesPostgresTest.dataSource(pg);
        shared = SharedDatabase.install(new SharedDatabase(workspace, db));
    }

    @AfterEach
    void close() {
        if (shared != null) {
            SharedDatabase.uninstall(shared);
        }
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aKilledHoldersRunCanBeResumedOnceItsLeaseExpires() throws Exception {
        Path folder = workspace.resolve("projects/p/runs/r1");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RunFolderHolder.class.getName(), workspace.toString(), folder.toString(),
                pg.url(), pg.settings().user(), pg.settings().password(), "3")).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("HELD")) {
                assertThat(line).doesNotContain("Exception");
            }
            assertThat(line).as("the child took the lock").isEqualTo("HELD");
            assertThatThrownBy(() -> RunFolderLock.acquire(folder)).isInstanceOf(RunFolderLock.LockedException.class)
                    .hasMessageContaining("is being written by another run");
            assertThat(RunFolderLock.runningElsewhere(folder)).as("a live holder elsewhere: not interrupted").isTrue();

            child.destroyForcibly(); // SIGKILL: no shutdown hook, no release; the OS drops its file lock, the lease stays
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> RunFolderLock.acquire(folder)).isInstanceOf(RunFolderLock.LockedException.class)
                    .hasMessageContaining("pid " + child.pid() + " on ").hasMessageContaining("lease");

            RunFolderLock resumed = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (resumed == null && System.nanoTime() < deadline) {
                Thread.sleep(250);
                try {
                    resumed = RunFolderLock.acquire(folder);
                } catch (RunFolderLock.LockedException stillHeld) {
                    assertThat(stillHeld.getMessage()).contains("pid " + child.pid());
                }
            }
            assertThat(resumed).as("the dead holder's lease expired").isNotNull();
            assertThat(RunFolderLock.runningElsewhere(workspace.resolve("projects/p/runs/other"))).isFalse();
            assertThat(resumed.isHeld()).isTrue();
            resumed.close();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void workersTakeShardsBesideTheCoordinatorAndEachShardOnce() {
        Path folder = workspace.resolve("runs/r2");
        try (RunFolderLock coordinator = RunFolderLock.acquire(folder);
                RunFolderLock shard1 = RunFolderLock.acquireShard(folder, "variant-a/users-0-99")) {
            assertThat(coordinator.isHeld()).isTrue();
            assertThat(shard1.isHeld()).isTrue();
            assertThatThrownBy(() -> RunFolderLock.acquireShard(folder, "variant-a/users-0-99"))
                    .isInstanceOf(RunFolderLock.LockedException.class)
                    .hasMessageContaining("is being executed by another worker (pid " + ProcessHandle.current().pid());
            try (RunFolderLock shard2 = RunFolderLock.acquireShard(folder, "variant-a/users-100-199")) {
                assertThat(shard2.isHeld()).isTrue();
            }
        }
        try (RunFolderLock again = RunFolderLock.acquireShard(folder, "variant-a/users-0-99")) {
            assertThat(again.isHeld()).isTrue();
        }
    }
}
