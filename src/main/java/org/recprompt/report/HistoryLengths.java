package org.recprompt.report;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.recprompt.dataset.Dataset;
import org.recprompt.report.RunFolder.Call;

/**
 * Each evaluated user's training history length, for accuracy by history length. Taken from the
 * run when it recorded them; otherwise derived from the dataset the run names (its interactions
 * minus the user's held-out items) when that file is still there, unchanged in size, and small
 * enough to load quickly. {@link #reason()} says where the lengths came from, or why there are none.
 */
public record HistoryLengths(Map<String, Integer> byUser, String reason) {

    public boolean isEmpty() {
        return byUser.isEmpty();
    }

    public static HistoryLengths of(RunFolder run) {
        Map<String, Integer> recorded = run.recordedHistoryLengths();
        if (!recorded.isEmpty()) {
            return new HistoryLengths(recorded, "history lengths as the run recorded them");
        }
        RunDataset loaded = RunDataset.of(run);
        if (loaded.dataset() == null) {
            return none("the run recorded no history lengths and " + loaded.reason());
        }
        if (run.calls().stream().allMatch(c -> c.relevant().isEmpty())) {
            return none("the run recorded neither history lengths nor held-out items");
        }
        return new HistoryLengths(derive(run, loaded.dataset()), "history lengths derived " + loaded.reason()
                + " (the user's interactions minus the held-out items; the run did not record them)");
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
