package org.recprompt.prompt.fewshot;

import java.util.HashSet;
import java.util.Set;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Split;

/**
 * Refuses few-shot sets that leak: an example drawn from the evaluated user, or one that shows
 * any item the evaluated user has held out, or any item its own user has held out (an example
 * may only use training data).
 */
public final class LeakageCheck {

    private LeakageCheck() {
    }

    public static void check(FewShotSet set, Split split, int evaluatedUser) {
        Dataset d = split.dataset();
        String evaluated = d.users().id(evaluatedUser);
        Set<String> heldOut = ids(d, split.heldOut(evaluatedUser));
        for (int k = 0; k < set.examples().size(); k++) {
            FewShotExample e = set.examples().get(k);
            String where = "few-shot set " + set.name() + ", example " + (k + 1);
            if (e.user().equals(evaluated)) {
                throw new LeakageException(where + " is drawn from the evaluated user " + evaluated + ".");
            }
            Set<String> shown = new HashSet<>(e.history());
            shown.addAll(e.candidates());
            shown.addAll(e.answer());
            for (String item : shown) {
                if (heldOut.contains(item)) {
                    throw new LeakageException(where + " shows item " + item + ", which user " + evaluated + " has held out.");
                }
            }
            int exampleUser = d.users().indexOf(e.user());
            if (exampleUser >= 0) {
                for (String item : ids(d, split.heldOut(exampleUser))) {
                    if (shown.contains(item)) {
                        throw new LeakageException(where + " shows item " + item + ", held out for its own user "
                                + e.user() + "; examples may only use training data.");
                    }
                }
            }
        }
    }

    private static Set<String> ids(Dataset d, int[] items) {
        Set<String> out = new HashSet<>();
        for (int i : items) {
            out.add(d.items().id(i));
        }
        return out;
    }
}
