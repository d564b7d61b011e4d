package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.recprompt.backend.BackendResult;
import org.recprompt.backend.ResponseCache;
import org.recprompt.backend.ResponseStore;

/**
 * A run's access to the response cache, built to keep the database off the path of each call:
 * lookups are answered from bulk prefetches ({@link #prefetch}, a query per few hundred keys, made
 * ahead of the calls) and fall back to a single query for a key not prefetched yet; answers are
 * stored by one writer thread in batches. The journal, not the cache, is what a resumed run relies
 * on, so the last fraction of a second of batched writes lost to a kill costs nothing but a cache miss.
 */
final class RunCache implements ResponseStore {

    static final int CHUNK = 256;
    private static final int MAX_BATCH = 512;
    /** Queued by {@link #close}: the writer stores what came before it and ends, without waiting out a poll. */
    private static final ResponseCache.Entry END = new ResponseCache.Entry("", "", "", -1, null);

    private final Supplier<ResponseCache> source;
    private final Map<String, Optional<BackendResult>> known = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<ResponseCache.Entry> writes = new LinkedBlockingQueue<>();
    private volatile ResponseCache cache;
    private volatile Thread writer;
    private volatile RuntimeException writeFailure;

    /** Whether nothing but this run writes to the cache while it lasts ({@link CacheSource#soleWriter}). */
    private final boolean soleWriter;
    /** Known once asked: the only writer found the cache empty, so every lookup is a miss; null until asked. */
    private volatile Boolean startedEmpty;

    RunCache(Supplier<ResponseCache> source) {
        this.source = source;
        this.soleWriter = source instanceof CacheSource s && s.soleWriter();
    }

    /**
     * Whether this run is the cache's only writer and the cache held no answer when the run first
     * asked (a fresh workspace): lookups then need no query. Asked once, when the database is open.
     */
    boolean startedEmpty() {
        Boolean empty = startedEmpty;
        if (empty == null) {
            synchronized (this) {
                if (startedEmpty == null) {
                    ResponseCache c = soleWriter ? cache() : null;
                    Boolean known = c != null && source instanceof CacheSource s ? s.emptySinceOpened() : null;
                    startedEmpty = c != null && (known != null ? known : c.isEmpty());
                }
                empty = startedEmpty;
            }
        }
        return empty;
    }

    /** The database cache, asked for once (the command line opens it beside the dataset load); null when there is none. */
    ResponseCache cache() {
        ResponseCache c = cache;
        if (c == null) {
            synchronized (this) {
                if (cache == null) {
                    cache = source.get();
                }
                c = cache;
            }
        }
        return c;
    }

    boolean isAvailable() {
        return cache() != null;
    }

    /** Looks the keys up in one query per chunk and remembers hits and misses alike. */
    void prefetch(List<String> keys) {
        ResponseCache c = cache();
        if (c == null || startedEmpty()) {
            return;
        }
        List<String> unknown = keys.stream().filter(k -> !known.containsKey(k)).distinct().toList();
        for (int from = 0; from < unknown.size(); from += CHUNK) {
            List<String> chunk = unknown.subList(from, Math.min(unknown.size(), from + CHUNK));
            Map<String, BackendResult> found = c.getAll(chunk);
            for (String k : chunk) {
                known.putIfAbsent(k, Optional.ofNullable(found.get(k)));
            }
        }
    }

    @Override
    public Optional<BackendResult> get(String key) {
        Optional<BackendResult> k = known.get(key);
        if (k != null) {
            return k;
        }
        ResponseCache c = cache();
        return c == null || startedEmpty() ? Optional.empty() : c.get(key);
    }

    @Override
    public void put(String key, String provider, String model, int sampleIndex, BackendResult result) {
        if (!result.isOk()) {
            throw new IllegalArgumentException("failures are never cached");
        }
        if (cache() == null) {
            return;
        }
        known.put(key, Optional.of(result.asCached()));
        writes.add(new ResponseCache.Entry(key, provider, model, sampleIndex, result));
        startWriter();
    }

    private void startWriter() {
        if (writer == null) {
            synchronized (this) {
                if (writer == null) {
                    Thread t = new Thread(this::drain, "run-cache-writer");
                    t.setDaemon(true);
                    t.start();
                    writer = t;
                }
            }
        }
    }

    private void drain() {
        List<ResponseCache.Entry> batch = new ArrayList<>();
        boolean end = false;
        while (!end) {
            try {
                batch.add(writes.take());
                writes.drainTo(batch, MAX_BATCH - 1);
                end = batch.remove(END);
                if (!batch.isEmpty()) {
                    cache().putAll(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                writeFailure = e; // the answers are in the journal; only the cache misses them
            }
            batch.clear();
        }
    }

    /** Writes what is queued and stops the writer; returns the first write failure, if any. */
    synchronized RuntimeException close() {
        Thread t = writer;
        if (t != null) {
            writes.add(END); // after every answer of the run: its calls have ended
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer = null;
        return writeFailure;
    }
}
