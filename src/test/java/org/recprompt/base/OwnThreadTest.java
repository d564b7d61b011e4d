package org.recprompt.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class OwnThreadTest {

    @Test
    void aTaskRunsOnANewNamedDaemonThreadWithTheCallersContextClassLoader() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader mine = new URLClassLoader(new URL[0], before)) {
            Thread.currentThread().setContextClassLoader(mine);
            CompletableFuture<Thread> ran = CompletableFuture.supplyAsync(Thread::currentThread, OwnThread.named("test-own"));
            CompletableFuture<ClassLoader> loader = CompletableFuture.supplyAsync(
                    () -> Thread.currentThread().getContextClassLoader(), OwnThread.named("test-own"));
            Thread t = ran.join();
            assertThat(t.getName()).isEqualTo("test-own");
            assertThat(t.isDaemon()).isTrue();
            assertThat(t).isNotSameAs(Thread.currentThread());
            assertThat(loader.join()).as("not the JDK's loader, as a common-pool thread would have").isSameAs(mine);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    void joinThrowsTheOtherThreadsFailureUnwrapped() {
        UncheckedIOException io = new UncheckedIOException(new java.io.IOException("tags.csv: line 2"));
        Throwable t = catchThrowable(() -> OwnThread.join(CompletableFuture.supplyAsync(() -> {
            throw io;
        }, OwnThread.named("test-fail"))));
        assertThat(t).isSameAs(io);

        AssertionError error = new AssertionError("broken");
        assertThat(catchThrowable(() -> OwnThread.join(CompletableFuture.failedFuture(error)))).isSameAs(error);
        assertThat(OwnThread.join(CompletableFuture.completedFuture("value"))).isEqualTo("value");
    }
}
