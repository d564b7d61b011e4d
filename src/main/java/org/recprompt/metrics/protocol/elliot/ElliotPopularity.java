package org.recprompt.metrics.protocol.elliot;

import java.util.Arrays;
import java.util.BitSet;

import org.recprompt.metrics.popularity.Popularity;

/**
 * Elliot's popularity objects (popularity.py, efd.py, epc.py): pop(i) = distinct training users of
 * item i, over the items known to training only; the transactions = the sum of pop(i) (distinct
 * user-item pairs); the short head = the most popular items, in descending pop, taken until they
 * hold at least 80% of the transactions (the item that crosses the line is in the head); the long
 * tail = every other item known to training. Ties in pop keep ascending item order: Elliot's order
 * is the iteration order of a Python set of the training item ids, ascending for integer ids
 * smaller than the set's table, so ties at the boundary are split the same way on such data.
 */
public final class ElliotPopularity {

    /** Elliot's pop_ratio default (popularity.py). */
    public static final double POP_RATIO = 0.8;

    private final int[] pop;
    private final long transactions;
    private final int trainItems;
    private final int trainUsers;
    private final BitSet head = new BitSet();
    private final BitSet tail = new BitSet();
    private final int boundaryTies;

    public ElliotPopularity(Popularity popularity) {
        this.pop = popularity.users();
        this.trainUsers = popularity.trainUsers();
        long sum = 0;
        int known = 0;
        for (int p : pop) {
            if (p > 0) {
                sum += p;
                known++;
            }
        }
        this.transactions = sum;
        this.trainItems = known;
        Integer[] order = new Integer[known];
        int n = 0;
        for (int i = 0; i < pop.length; i++) {
            if (pop[i] > 0) {
                order[n++] = i;
            }
        }
        // stable: equal pop keeps ascending item order
        Arrays.sort(order, (a, b) -> Integer.compare(pop[b], pop[a]));
        double limit = transactions * POP_RATIO;
        int last = -1;
        for (int k = 0; k < order.length; k++) {
            head.set(order[k]);
            last = order[k];
            limit -= pop[order[k]];
            if (limit <= 0) {
                break;
            }
        }
        int ties = 0;
        for (Integer i : order) {
            if (!head.get(i)) {
                tail.set(i);
                if (last >= 0 && pop[i] == pop[last]) {
                    ties++;
                }
            }
        }
        this.boundaryTies = ties;
    }

    /** pop(i): distinct training users of the item (0 for an item unknown to training). */
    public int pop(int item) {
        return pop[item];
    }

    public boolean inHead(int item) {
        return head.get(item);
    }

    public boolean inTail(int item) {
        return tail.get(item);
    }

    public int headSize() {
        return head.cardinality();
    }

    public int tailSize() {
        return tail.cardinality();
    }

    /** Long-tail items with the same pop as the last short-head item: the ones a tie-break put in the tail. */
    public int boundaryTies() {
        return boundaryTies;
    }

    /** Elliot's data.num_items: the items with at least one training interaction. */
    public int trainItems() {
        return trainItems;
    }

    /** Elliot's data.transactions: distinct training user-item pairs. */
    public long transactions() {
        return transactions;
    }

    /** EFD's novelty of an item known to training: -log2(pop(i) / transactions) (efd.py). */
    public double efdNovelty(int item) {
        return -Math.log(pop[item] / (double) transactions) / Math.log(2);
    }

    /** EPC's novelty of an item known to training: 1 - pop(i) / |U_train| (epc.py). */
    public double epcNovelty(int item) {
        return 1 - (pop[item] / (double) trainUsers);
    }
}
