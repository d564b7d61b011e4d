package org.recprompt.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.io.DatasetFormat;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.report.RunFolder.Call;

/**
 * Each evaluated user's training history length, for accuracy by history length. Taken from the
 * run when it recorded them; otherwise derived from the dataset the run names (its interactions
 * minus the user's held-out items) when that file is still there, unchanged in size, and small
 * enough to load quickly. {@link #reason()} says where the lengths came from, or why there are none.
 */
public record HistoryLengths(Map<String, Integer> byUser, String reason) {

    /** Datasets up to this many interactions are loaded to derive lengths (ml-1m has 1M). */
    static final long LOAD_LIMIT = 2_000_000;

    public boolean isEmpty() {
        return byUser.isEmpty();
    }

    public static HistoryLengths of(RunFolder run) {
        Map<String, Integer> recorded = run.recordedHistoryLengths();
        if (!recorded.isEmpty()) {
            return new HistoryLengths(recorded, "history lengths as the run recorded them");
        }
        Object path = run.dataset().get("path");
        Object interactions = run.dataset().get("interactions");
        if (!(path instanceof String p) || !Files.exists(Path.of(p))) {
            return none("the run recorded no history lengths and its dataset is not at " + path);
        }
        if (!(interactions instanceof Number n) || n.longValue() > LOAD_LIMIT) {
            return none("the run recorded no history lengths (its dataset is too large to load for them)");
        }
        if (run.calls().stream().allMatch(c -> c.relevant().isEmpty())) {
            return none("the run recorded neither history lengths nor held-out items");
        }
        try {
            Object format = run.dataset().get("format");
            DatasetFormat f = format instanceof String s ? DatasetFormat.byId(s) : null;
            Dataset d = DatasetLoader.load(Path.of(p), f, ColumnMapping.guess());
            if (d.interactions().size() != n.longValue()) {
                return none("the run recorded no history lengths and its dataset at " + p + " has changed");
            }
            return new HistoryLengths(derive(run, d), "history lengths derived from " + p
                    + " (the user's interactions minus the held-out items; the run did not record them)");
        } catch (RuntimeException e) {
            return none("the run recorded no history lengths and its dataset could not be read: " + e.getMessage());
        }
    }

    private static Map<String, Integer> derive(RunFolder run, Dataset d) {
        Map<String, Integer> heldOut = new HashMap<>();
        for (Call c : run.calls()) {
            heldOut.putIfAbsent(c.user(), c.relevant().size());
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        heldOut.forEach((user, held) -> {
            int u = d.users().indexOf(user);
            if (u >= 0) {
                out.put(user, Math.max(0, d.countOf(u) - held));
            }
        });
        return out;
    }

    private static HistoryLengths none(String reason) {
        return new HistoryLengths(Map.of(), reason);
    }
}
