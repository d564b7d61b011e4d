package org.recprompt.experiment;

import java.util.List;

import org.recprompt.backend.ReplayBackend;
import org.recprompt.dataset.Items;

/**
 * The truth a replay line recorded beside its answer (docs/EXPERIMENTS.md, "Recorded answers"), as
 * the dataset's item indices: with it, a call is grounded and scored against the recorded held-out
 * items and candidates instead of the split's. Ids were checked against the dataset when the
 * replay backend was built ({@link BackendHandle}).
 *
 * @param relevant the recorded relevant items, or null when the line recorded none (the split's count)
 * @param candidates the recorded candidates, or null when the line recorded none (the run's count)
 */
record RecordedTruth(int[] relevant, int[] candidates) {

    /** The recorded truth of a call of variant {@code v} for {@code user} and {@code repeat}, or null when there is none. */
    static RecordedTruth of(RunSetup setup, Variant v, int user, int repeat) {
        ReplayBackend.Truth t = setup.backend(v.backend().id()).recordedTruth(setup.dataset().users().id(user), repeat, v.id());
        if (t == null) {
            return null;
        }
        Items items = setup.dataset().items();
        return new RecordedTruth(indices(items, t.relevant()), indices(items, t.candidates()));
    }

    private static int[] indices(Items items, List<String> ids) {
        if (ids == null) {
            return null;
        }
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = items.indexOf(ids.get(i));
            if (out[i] < 0) {
                throw new IllegalStateException("recorded item " + ids.get(i) + " is not in the dataset");
            }
        }
        return out;
    }
}
