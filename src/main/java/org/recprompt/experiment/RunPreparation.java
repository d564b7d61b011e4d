package org.recprompt.experiment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.recprompt.backend.adapter.SemanticRanker;
import org.recprompt.base.ProgressMonitor;

/**
 * The steps a run takes before its first call that can take long enough to be mistaken for a
 * stalled run: a semantic ranker embedding the catalog. Each shows its own progress (items, not
 * calls) in the run's message and through the monitor, so no call count or ETA stands still
 * meanwhile; the calls' count starts afterwards.
 */
final class RunPreparation {

    private RunPreparation() {
    }

    static void prepare(RunSetup setup, List<Call> pending, ProgressMonitor monitor, Consumer<String> message,
            BooleanSupplier cancelled) {
        Set<String> rankers = new LinkedHashSet<>();
        for (Call c : pending) {
            if (!c.variant().usesPrompt() && !c.variant().scores()) {
                rankers.add(c.variant().backend().id());
            }
        }
        for (String id : rankers) {
            BackendHandle handle = setup.backend(id);
            if (cancelled.getAsBoolean() || !handle.isRanker()) {
                continue;
            }
            message.accept("Preparing " + id + ": loading the ranker");
            org.recprompt.backend.baseline.Ranker ranker;
            try {
                ranker = handle.ranker();
            } catch (RuntimeException | LinkageError e) {
                continue; // each of its calls records the failure, as without this step
            }
            if (!(ranker instanceof SemanticRanker semantic) || !semantic.needsPreparation()) {
                continue;
            }
            int total = semantic.catalogSize();
            String what = "Preparing " + id + ": embedding the catalog for the semantic ranker, ";
            monitor.begin(total);
            message.accept(what + String.format(Locale.ROOT, "0/%,d items", total));
            int[] reported = {0};
            semantic.prepare(done -> {
                monitor.worked(done - reported[0]);
                reported[0] = done;
                message.accept(what + String.format(Locale.ROOT, "%,d/%,d items", done, total));
            });
        }
    }
}
