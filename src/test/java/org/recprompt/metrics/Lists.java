package org.recprompt.metrics;

/** Test shorthand: a user's recs over a catalog of 10 items (0..9) unless said otherwise. */
public final class Lists {

    private Lists() {
    }

    public static UserRecs recs(int[] raw, int[] relevant) {
        return recs(0, raw, relevant, new int[0]);
    }

    public static UserRecs recs(int user, int[] raw, int[] relevant, int[] history) {
        return new UserRecs(user, RankedList.of(raw, 10), relevant, history);
    }

    public static int[] ints(int... xs) {
        return xs;
    }

    public static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
