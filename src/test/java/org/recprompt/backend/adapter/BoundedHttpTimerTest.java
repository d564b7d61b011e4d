package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The deadlines' thread: a deadline fires, a removed one does not, and an earlier one is not held up by a later one. */
class BoundedHttpTimerTest {

    private final BoundedHttp.Timer timer = BoundedHttp.Timer.INSTANCE;

    @Test
    void an_earlier_deadline_fires_while_a_later_one_waits_and_a_removed_one_never_fires() throws Exception {
        long now = System.nanoTime();
        AtomicBoolean laterFired = new AtomicBoolean();
        AtomicBoolean removedFired = new AtomicBoolean();
        CountDownLatch earlierFired = new CountDownLatch(1);

        BoundedHttp.Timer.Entry later = timer.schedule(now + TimeUnit.SECONDS.toNanos(600), () -> laterFired.set(true));
        BoundedHttp.Timer.Entry removed = timer.schedule(now + TimeUnit.MILLISECONDS.toNanos(20), () -> removedFired.set(true));
        timer.cancel(removed);
        timer.schedule(now + TimeUnit.MILLISECONDS.toNanos(50), earlierFired::countDown);

        assertThat(earlierFired.await(20, TimeUnit.SECONDS)).as("the earlier deadline fires though a later one was armed first").isTrue();
        assertThat(removedFired).as("a removed deadline").isFalse();
        assertThat(laterFired).isFalse();
        timer.cancel(later);
    }

    @Test
    void a_deadline_armed_after_the_thread_went_idle_wakes_it() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        timer.schedule(System.nanoTime(), first::countDown);
        assertThat(first.await(20, TimeUnit.SECONDS)).isTrue();

        CountDownLatch second = new CountDownLatch(1);
        timer.schedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10), second::countDown);
        assertThat(second.await(20, TimeUnit.SECONDS)).isTrue();
    }
}
