package org.recprompt.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.ResponseCache;
import org.recprompt.backend.Usage;

/**
 * What a resumed run repairs before it sends anything, after a run that was killed ({@code kill -9},
 * a power cut): the response cache and the workspace's egress log are written in batches behind the
 * journal, so the last answers and requests may be missing from them; and a final write cut short
 * leaves its temporary file behind. The journal and the folder's egress.jsonl, written as each call
 * goes, are the truth both stores are completed from.
 */
final class RunRecovery {

    /** What a recovery did: answers added to the cache, requests added to the egress log, temporary files removed. */
    record Outcome(int cachedAnswers, int egressEvents, int staleFiles, String problem) {

        static final Outcome NONE = new Outcome(0, 0, 0, null);

        boolean isEmpty() {
            return cachedAnswers == 0 && egressEvents == 0 && staleFiles == 0 && problem == null;
        }

        /** One sentence for the user; empty when nothing was done. */
        String sentence() {
            List<String> parts = new ArrayList<>();
            if (cachedAnswers > 0) {
                parts.add(cachedAnswers + " answer" + (cachedAnswers == 1 ? "" : "s") + " from the journal added to the response cache");
            }
            if (egressEvents > 0) {
                parts.add(egressEvents + " request" + (egressEvents == 1 ? "" : "s") + " that had gone out added to the egress log");
            }
            if (staleFiles > 0) {
                parts.add(staleFiles + " temporary file" + (staleFiles == 1 ? "" : "s") + " of an interrupted write removed");
            }
            String done = parts.isEmpty() ? "" : "Recovered after an interrupted run: " + String.join("; ", parts) + ".";
            return problem == null ? done : (done.isEmpty() ? "" : done + " ") + "Could not complete the recovery: " + problem + ".";
        }
    }

    private RunRecovery() {
    }

    /**
     * Completes the workspace's egress log and the response cache of a resumed run (before it sends
     * anything); a failure is reported in the outcome, never thrown: the run goes on without it.
     */
    static Outcome recover(RunSetup setup, Path folder, Map<String, CallRecord> journal, CallExecutor executor, int staleFiles) {
        int cached = 0;
        int egress = 0;
        String problem = null;
        try {
            egress = setup.egress().reconcile(folder);
            cached = restoreCache(setup, journal, executor);
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new Outcome(cached, egress, staleFiles, problem);
    }

    /**
     * The same repair for a run folder opened in the workbench without being resumed (its tab): when
     * no process writes the folder (its lock is taken without waiting; {@code null} is returned, and
     * nothing touched, when another holds it), stale temporary files are removed, the workspace's
     * egress log is completed from egress.jsonl and the in-flight file, and the response cache from
     * the journal. The cache needs the run's calls: {@code setup} makes them (it loads the dataset),
     * and is used only when its fingerprint is the one in the folder's manifest (else the cache is
     * left alone and the outcome says why). Running it twice adds nothing the second time.
     */
    static Outcome reopen(Path folder, org.recprompt.backend.EgressSink log, java.util.function.Supplier<RunSetup> setup) {
        if (!Files.isDirectory(folder)) {
            return Outcome.NONE;
        }
        RunFolderLock lock;
        try {
            lock = RunFolderLock.acquire(folder);
        } catch (RunFolderLock.LockedException e) {
            return null;
        }
        int stale = 0;
        try (lock) {
            stale = removeStaleTemporaries(folder);
            RunSetup s = null;
            String why = null;
            try {
                s = setup.get();
                com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(folder.resolve(ExperimentRun.MANIFEST).toFile());
                String written = m.path("fingerprint").asText("");
                if (!written.equals(s.fingerprint()) && !written.equals(s.fingerprintAs(m.path("experiment").asText(null)))) {
                    why = "the experiment changed since the run (fingerprint " + written + ", now " + s.fingerprint()
                            + "), so the response cache was not completed from its journal";
                }
            } catch (IOException | RuntimeException e) {
                why = "the run's experiment cannot be loaded (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + "), so the response cache was not completed from its journal";
            }
            RunEgress egress = s != null ? s.egress() : new RunEgress(log);
            try {
                egress.attach(folder);
                if (why != null) {
                    return new Outcome(0, egress.reconcile(folder), stale, why);
                }
                Map<String, CallRecord> journal = new HashMap<>();
                RunJournal.read(folder.resolve(RunJournal.FILE)).records().forEach(r -> journal.put(r.key(), r));
                String run = folder.getFileName() == null ? "" : folder.getFileName().toString();
                return recover(s, folder, journal, new CallExecutor(s, run), stale);
            } finally {
                egress.close();
                if (s != null) {
                    s.closeBackends();
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Outcome(0, 0, stale, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /**
     * What the files a killed run leaves behind look like now (sizes and times of the journal, egress.jsonl
     * and the in-flight file): when unchanged since a repair, opening the folder again has nothing to repair.
     */
    static String signature(Path folder) {
        StringBuilder s = new StringBuilder();
        for (String name : List.of(RunJournal.FILE, RunEgress.FILE, RunEgress.IN_FLIGHT)) {
            Path f = folder.resolve(name);
            try {
                s.append(name).append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            } catch (IOException e) {
                s.append(name).append(" absent\n");
            }
        }
        return s.toString();
    }

    /** Removes the temporary files an atomic write of this folder left when it was cut short ({@code .NAME-*.tmp}). */
    static int removeStaleTemporaries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * Stores in the response cache every answer of the journal that a cached backend gave and the
     * cache does not hold (a single-prompt call of round 0 without label log-probabilities: the
     * answers whose request can be rebuilt exactly from the experiment). Keys already held are left
     * alone, so running it twice adds nothing the second time.
     */
    static int restoreCache(RunSetup setup, Map<String, CallRecord> journal, CallExecutor executor) {
        RunCache runCache = setup.runCache();
        ResponseCache cache = runCache == null ? null : runCache.cache();
        if (cache == null || journal.isEmpty()) {
            return 0;
        }
        Map<String, ResponseCache.Entry> candidates = new HashMap<>();
        for (Call call : setup.calls()) {
            CallRecord r = journal.get(call.key());
            Variant v = call.variant();
            if (r == null || r.isError() || r.response() == null || r.round() != 0 || !r.steps().isEmpty() || v.scores()
                    || !v.usesPrompt() || v.template().meta().kind() == org.recprompt.prompt.TemplateKind.CHAIN) {
                continue;
            }
            BackendHandle handle = setup.backend(v.backend().id());
            if (!handle.cachesAnswers() || handle.text == null) {
                continue;
            }
            BackendRequest request = executor.request(call);
            if (!request.labels().isEmpty()) {
                continue;
            }
            BackendResult answer = new BackendResult(r.response(), new Usage(r.inputTokens(), r.outputTokens()), r.latencyMillis(),
                    0, false, Math.max(1, r.attempts()), Map.of(), null);
            String key = handle.cacheKey(request);
            candidates.put(key, new ResponseCache.Entry(key, handle.cacheProvider(), handle.spec.model(), call.repeat(), answer));
        }
        List<String> keys = new ArrayList<>(candidates.keySet());
        int added = 0;
        for (int from = 0; from < keys.size(); from += RunCache.CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + RunCache.CHUNK));
            Map<String, BackendResult> held = cache.getAll(chunk);
            List<ResponseCache.Entry> missing = chunk.stream().filter(k -> !held.containsKey(k)).map(candidates::get).toList();
            cache.putAll(missing);
            added += missing.size();
        }
        return added;
    }
}
