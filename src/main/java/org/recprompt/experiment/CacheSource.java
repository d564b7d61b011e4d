package org.recprompt.experiment;

import java.util.function.Supplier;

import org.recprompt.backend.ResponseCache;

/**
 * Where a run's response cache comes from ({@link RunEnvironment#cache()}), when the caller also
 * knows whether the run is the cache's only writer while it lasts: a headless run on the
 * workspace's H2 database, which holds the workspace lock and so admits no other process. A run
 * that is the only writer and finds the cache empty at its start asks the database nothing more
 * until it ends: every lookup is a miss (a fresh workspace, as in a first run).
 */
public interface CacheSource extends Supplier<ResponseCache> {

    /** Whether nothing but this run writes to the cache until it ends. */
    boolean soleWriter();

    /**
     * Whether the cache held no answer, when the source has already asked (a source may ask as soon
     * as the database is open, before the run needs the answer) and nothing has been written through
     * {@link #get()}'s cache since; null otherwise, and the run asks the cache itself.
     */
    default Boolean emptySinceOpened() {
        return null;
    }
}
