package org.recprompt.dataset.split;

import java.util.BitSet;
import java.util.Random;

import org.recprompt.dataset.Dataset;

/**
 * The ways to split a dataset. Every user's interactions are taken in time order, (timestamp,
 * item id), so that ties break identically everywhere.
 */
public final class Splits {

    private Splits() {
    }

    /** Temporal leave-last-out: each user's last interaction is held out (users with one interaction keep it). */
    public static Split leaveLastOut(Dataset d) {
        return leaveLastN(d, 1, "leave-last-out");
    }

    /** Each user's last n interactions are held out; users with n or fewer keep all of theirs for training. */
    public static Split leaveLastN(Dataset d, int n) {
        return leaveLastN(d, n, "leave-last-" + n);
    }

    private static Split leaveLastN(Dataset d, int n, String method) {
        if (n < 1) {
            throw new IllegalArgumentException("leave-last-n needs n >= 1, not " + n);
        }
        BitSet test = new BitSet(d.interactions().size());
        for (int u = 0; u < d.users().size(); u++) {
            int[] rows = d.rowsOf(u);
            if (rows.length > n) {
                for (int k = rows.length - n; k < rows.length; k++) {
                    test.set(rows[k]);
                }
            }
        }
        return new Split(d, method, test);
    }

    /**
     * Random per-user holdout: round(fraction x count) of each user's interactions, at least one
     * and leaving at least one for training, chosen by the user's own seeded stream.
     */
    public static Split randomHoldout(Dataset d, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the holdout fraction must be between 0 and 1, not " + fraction);
        }
        BitSet test = new BitSet(d.interactions().size());
        for (int u = 0; u < d.users().size(); u++) {
            int[] rows = d.rowsOf(u);
            if (rows.length < 2) {
                continue;
            }
            int k = (int) Math.max(1, Math.min(rows.length - 1, Math.round(fraction * rows.length)));
            Random random = Seeds.forKey(seed, d.users().id(u));
            Seeds.shuffle(rows, random);
            for (int j = 0; j < k; j++) {
                test.set(rows[j]);
            }
        }
        return new Split(d, "random-holdout(" + fraction + ", seed " + seed + ")", test);
    }

    /** Global time cut: every interaction at or after {@code cutEpochSeconds} is held out. */
    public static Split timeCut(Dataset d, long cutEpochSeconds) {
        BitSet test = new BitSet(d.interactions().size());
        for (int row = 0; row < d.interactions().size(); row++) {
            if (d.interactions().timestamp(row) >= cutEpochSeconds) {
                test.set(row);
            }
        }
        return new Split(d, "time-cut(" + java.time.Instant.ofEpochSecond(cutEpochSeconds) + ")", test);
    }
}
