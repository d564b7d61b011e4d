package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderLockTest {

    @TempDir
    Path dir;

    /** Another JVM's view of the lock: "free" when it could take it, "held" when not (told by its exit code). */
    private String otherProcessSees(Path folder) throws Exception {
        Path src = dir.resolve("Probe.java");
        Files.writeString(src, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Probe {
                    public static void main(String[] a) throws Exception {
                        try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE)) {
                            var l = c.tryLock();
                            Runtime.getRuntime().halt(l == null ? 3 : 0);
                        }
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), src.toString(),
                folder.resolve(RunFolderLock.FILE).toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isIn(0, 3);
        return p.exitValue() == 3 ? "held" : "free";
    }

    @Test
    void a_refused_second_writer_in_the_same_process_leaves_the_lock_held_for_other_processes() throws Exception {
        Path folder = dir.resolve("run");
        try (RunFolderLock lock = RunFolderLock.acquire(folder)) {
            assertThat(RunFolderLock.heldHere(folder)).isTrue();
            assertThatThrownBy(() -> RunFolderLock.acquire(folder)).isInstanceOf(RunFolderLock.LockedException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            // closing any channel on the lock file in this process would have released the OS lock
            assertThat(otherProcessSees(folder)).isEqualTo("held");
            assertThat(lock.isHeld()).isTrue();
        }
        assertThat(RunFolderLock.heldHere(folder)).isFalse();
        assertThat(otherProcessSees(folder)).isEqualTo("free");
        try (RunFolderLock again = RunFolderLock.acquire(folder)) {
            assertThat(again.isHeld()).isTrue();
        }
    }
}
