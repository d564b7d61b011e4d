package org.recprompt.metrics.protocol.elliot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.protocol.EvalInput;
import org.recprompt.metrics.protocol.EvalUser;
import org.recprompt.metrics.protocol.Relevance;

/**
 * What Elliot 0.3.1 does to recommendation lists before any metric sees them
 * (docs/protocols/elliot.md, "Lists and users"):
 * <ol>
 * <li>the Proxy recommender walks each raw list in rank order and stops at raw position top_k,
 * then keeps an entry only when it is a candidate: an item known to training that the user has not
 * in training. The cut therefore comes before the filtering, so the list can end up shorter than
 * top_k; repeats are kept (each occupies a position); a rank the file skips holds no row, so it
 * takes no position;</li>
 * <li>a user Elliot's dataset does not know (no training interaction) is not evaluated (Elliot
 * itself stops with a KeyError on such a user);</li>
 * <li>the evaluator keeps the users of the file with at least one test interaction, whatever its
 * rating; each metric then decides whether it also needs a relevant item.</li>
 * </ol>
 */
public final class ElliotLists {

    /** The users that enter Elliot's evaluation and what the filtering counted. */
    public record Prepared(List<ElliotUser> users, Map<String, Long> counts) {
    }

    private ElliotLists() {
    }

    public static Prepared prepare(EvalInput input, int topK) {
        Relevance relevance = input.relevance();
        List<ElliotUser> users = new ArrayList<>();
        long withoutList = 0;
        long notInTrain = 0;
        long withoutTest = 0;
        long seen = 0;
        long unknown = 0;
        long repeated = 0;
        long afterTopK = 0;
        long gaps = 0;
        long empty = 0;
        for (EvalUser u : input.users()) {
            if (!hasRows(u)) {
                if (u.relevant(relevance).length > 0) {
                    withoutList++;
                }
                continue;
            }
            if (u.train().length == 0) {
                notInTrain++;
                continue;
            }
            if (u.test().length == 0) {
                withoutTest++;
                continue;
            }
            BitSet train = new BitSet();
            for (int i : u.train()) {
                train.set(i);
            }
            int[] list = new int[Math.min(topK, u.raw().length)];
            int n = 0;
            int position = 0;
            BitSet inList = new BitSet();
            for (int item : u.raw()) {
                if (item == RankedList.GAP) {
                    gaps++;
                } else if (position >= topK) {
                    afterTopK++;
                } else {
                    position++;
                    if (!input.inTraining(item)) {
                        unknown++;
                    } else if (train.get(item)) {
                        seen++;
                    } else {
                        if (inList.get(item)) {
                            repeated++;
                        }
                        inList.set(item);
                        list[n++] = item;
                    }
                }
            }
            if (n == 0) {
                empty++;
            }
            users.add(user(u, Arrays.copyOf(list, n), train, relevance));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("top_k", (long) topK);
        counts.put("users_without_held_out", withoutTest);
        counts.put("users_without_list", withoutList);
        counts.put("users_not_in_train", notInTrain);
        counts.put("items_seen_in_train", seen);
        counts.put("items_unknown_to_train", unknown);
        counts.put("repeated_items_kept", repeated);
        counts.put("items_after_top_k", afterTopK);
        counts.put("rank_gaps_closed", gaps);
        counts.put("empty_lists", empty);
        return new Prepared(users, counts);
    }

    /** Whether the user has at least one row in the recommendations: Elliot never sees a list without one. */
    private static boolean hasRows(EvalUser u) {
        if (!u.hasList()) {
            return false;
        }
        for (int item : u.raw()) {
            if (item != RankedList.GAP) {
                return true;
            }
        }
        return false;
    }

    /**
     * The user's relevant items and gains. With a threshold t an item rated r &ge; t is relevant with
     * gain 2^(r - t + 1) - 1 (relevance.py, DiscountedRelevance); without one the data is read as
     * Elliot reads it with {@code binarize: True} (every rating 1, threshold 1): every test item is
     * relevant with gain 1.
     */
    static ElliotUser user(EvalUser u, int[] list, BitSet train, Relevance relevance) {
        int[] relevant = u.relevant(relevance);
        double[] gains = new double[relevant.length];
        BitSet set = new BitSet();
        for (int k = 0; k < relevant.length; k++) {
            set.set(relevant[k]);
            gains[k] = relevance.hasThreshold()
                    ? Math.pow(2, u.testRating(relevant[k]) - relevance.threshold() + 1) - 1
                    : 1;
        }
        return new ElliotUser(u.user(), list, relevant, set, gains, train);
    }
}
