package org.recprompt.dataset.split;

import java.util.BitSet;
import java.util.Random;

import org.recprompt.dataset.Dataset;

/**
 * The ways to split a dataset. Every user's interactions are taken in time order, (timestamp,
 * item id), so that ties break identically everywhere; or in the file's row order for a dataset
 * {@link Dataset#inFileOrder()}. A time-ordered split of a dataset without timestamps is refused:
 * it would hold out each user's largest item id.
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
        requireTime(d, method);
        BitSet test = new BitSet(d.interactions().size());
        for (int u = 0; u < d.users().size(); u++) {
            int[] rows = d.rowsOf(u);
            if (rows.length > n) {
                for (int k = rows.length - n; k < rows.length; k++) {
                    test.set(rows[k]);
                }
            }
        }
        return new Split(d, d.isFileOrder() ? method + " (order: file)" : method, test);
    }

    /** Refuses a time-ordered split of data that carries no time (unless the file's order stands in for it). */
    private static void requireTime(Dataset d, String method) {
        if (!d.isFileOrder() && !d.hasTimestamps()) {
            throw new NoTimestampsException(noTimestamps(method));
        }
    }

    /** The refusal's sentence, naming the alternatives. */
    static String noTimestamps(String method) {
        return "the dataset has no timestamps (every interaction at the same time, or no time column), so the "
                + "time-ordered split " + method + " would hold out each user's largest item id; name order: file "
                + "(--order file on the command line) when the file's rows are in chronological order, or use a "
                + "random holdout (split method random-holdout)";
    }

    /** A time-ordered split asked of a dataset without timestamps. */
    public static final class NoTimestampsException extends IllegalArgumentException {
        NoTimestampsException(String message) {
            super(message);
        }
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
        if (!d.hasTimestamps()) {
            throw new NoTimestampsException("the dataset has no timestamps (every interaction at the same time, or no "
                    + "time column), so a time cut would hold out everything or nothing; use a random holdout "
                    + "(split method random-holdout), or leave-last-out with order: file when the file's rows are chronological");
        }
        BitSet test = new BitSet(d.interactions().size());
        for (int row = 0; row < d.interactions().size(); row++) {
            if (d.interactions().timestamp(row) >= cutEpochSeconds) {
                test.set(row);
            }
        }
        return new Split(d, "time-cut(" + java.time.Instant.ofEpochSecond(cutEpochSeconds) + ")", test);
    }
}
