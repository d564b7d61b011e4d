package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.ResponseCache;
import org.recprompt.backend.Usage;
import org.recprompt.workspace.WorkspaceDatabase;

/** A run's cache access: a run that is the cache's only writer and finds it empty sends the database no lookup. */
class RunCacheTest {

    @TempDir
    Path dir;

    /** The workspace cache, counting the lookups that reach the database. */
    static final class Counting extends ResponseCache {
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger emptinessQueries = new AtomicInteger();

        Counting(WorkspaceDatabase db) {
            super(db.jdbc(), Clock.systemUTC());
        }

        @Override
        public java.util.Optional<BackendResult> get(String key) {
            lookups.incrementAndGet();
            return super.get(key);
        }

        @Override
        public boolean isEmpty() {
            emptinessQueries.incrementAndGet();
            return super.isEmpty();
        }

        @Override
        public Map<String, BackendResult> getAll(java.util.Collection<String> keys) {
            lookups.incrementAndGet();
            return super.getAll(keys);
        }
    }

    private static CacheSource source(ResponseCache cache, boolean soleWriter) {
        return source(cache, soleWriter, null);
    }

    /** A source that may already know whether the cache is empty ({@code empty}, null when it does not). */
    private static CacheSource source(ResponseCache cache, boolean soleWriter, Boolean empty) {
        return new CacheSource() {
            @Override
            public ResponseCache get() {
                return cache;
            }

            @Override
            public boolean soleWriter() {
                return soleWriter;
            }

            @Override
            public Boolean emptySinceOpened() {
                return empty;
            }
        };
    }

    private static BackendResult answer(String text) {
        return BackendResult.ok(text, new Usage(10, 2), 5);
    }

    @Test
    void theOnlyWriterOfAnEmptyCacheAsksTheDatabaseNothingButStillWritesItsAnswers() throws Exception {
        try (WorkspaceDatabase db = WorkspaceDatabase.open(dir.resolve("ws"))) {
            Counting cache = new Counting(db);
            RunCache run = new RunCache(source(cache, true));

            run.prefetch(List.of("a", "b"));
            assertThat(run.get("a")).isEmpty();
            assertThat(run.startedEmpty()).isTrue();
            assertThat(cache.lookups.get()).as("no lookup reached the database").isZero();

            run.put("a", "openai", "m", 0, answer("1. Toy Story (1995)"));
            assertThat(run.get("a")).as("an answer of this run, for a call asked twice").map(BackendResult::text)
                    .contains("1. Toy Story (1995)");
            assertThat(run.close()).isNull();
            assertThat(cache.get("a")).as("written to the database").map(BackendResult::text).contains("1. Toy Story (1995)");
        }
    }

    @Test
    void aCacheWithAnswersOrOtherWritersIsAskedAsBefore() throws Exception {
        try (WorkspaceDatabase db = WorkspaceDatabase.open(dir.resolve("ws"))) {
            Counting cache = new Counting(db);
            RunCache shared = new RunCache(source(cache, false));
            assertThat(shared.get("a")).isEmpty();
            assertThat(shared.startedEmpty()).as("another writer may add answers while the run lasts").isFalse();
            assertThat(cache.lookups.get()).isEqualTo(1);

            cache.put("a", "openai", "m", 0, answer("cached"));
            RunCache sole = new RunCache(source(cache, true));
            sole.prefetch(List.of("a", "b"));
            assertThat(sole.startedEmpty()).isFalse();
            assertThat(sole.get("a")).map(BackendResult::text).contains("cached");
            assertThat(cache.lookups.get()).as("one bulk lookup").isEqualTo(2);
        }
    }

    @Test
    void closingWritesEveryQueuedAnswerAndTheCacheTakesAnswersAgainAfterwards() throws Exception {
        try (WorkspaceDatabase db = WorkspaceDatabase.open(dir.resolve("ws"))) {
            Counting cache = new Counting(db);
            RunCache run = new RunCache(source(cache, true));
            for (int i = 0; i < 700; i++) { // more than one batch
                run.put("k" + i, "openai", "m", 0, answer("answer " + i));
            }
            assertThat(run.close()).isNull();
            assertThat(cache.getAll(List.of("k0", "k511", "k512", "k699"))).hasSize(4);

            run.put("late", "openai", "m", 0, answer("after a close")); // a resumed run's recovery, then its calls
            assertThat(run.close()).isNull();
            assertThat(cache.get("late")).map(BackendResult::text).contains("after a close");
            assertThat(run.close()).as("closing twice").isNull();
        }
    }

    @Test
    void anEmptinessTheSourceAlreadyKnowsIsNotAskedAgainAndAnUnknownOneIs() throws Exception {
        try (WorkspaceDatabase db = WorkspaceDatabase.open(dir.resolve("ws"))) {
            Counting cache = new Counting(db);
            RunCache known = new RunCache(source(cache, true, true));
            assertThat(known.get("a")).isEmpty();
            assertThat(known.startedEmpty()).isTrue();
            assertThat(cache.emptinessQueries.get() + cache.lookups.get()).as("the database asked nothing").isZero();

            RunCache unknown = new RunCache(source(cache, true, null));
            assertThat(unknown.startedEmpty()).isTrue();
            assertThat(cache.emptinessQueries.get()).as("asked itself").isEqualTo(1);
        }
    }
}
