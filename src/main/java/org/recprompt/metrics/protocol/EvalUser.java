package org.recprompt.metrics.protocol;

import java.util.Arrays;

/**
 * One user as an evaluation convention receives it, before the convention's own filtering: the
 * raw recommendation list exactly as the file or the run gave it, and the user's training and test
 * interactions. Each {@link Protocol} decides what to drop (duplicates, seen items, items unknown
 * to training) and whether the user enters the mean.
 *
 * @param user the user's index in the dataset
 * @param raw item ids in rank order, or null when the user has no list at all; an id of -1 is an
 *     item the dataset does not know, {@link org.recprompt.metrics.RankedList#GAP} a rank the list
 *     skipped; repeats are kept as given
 * @param train the user's training items, distinct, in training order (oldest first)
 * @param test the user's test items, distinct, in test order (oldest first); every one of them, the
 *     relevance threshold is applied by the convention through {@link EvalInput#relevance()}
 * @param testRatings the rating of each test item (aligned with {@code test}); NaN when the data has
 *     none (an implicit interaction)
 * @param validation the user's validation items (a predefined split's validation file), distinct; not
 *     training (popularity and Elliot's candidate filter ignore them) but known history (RecBole masks
 *     them when scoring the test file)
 */
public record EvalUser(int user, int[] raw, int[] train, int[] test, double[] testRatings, int[] validation) {

    /** A user without validation items. */
    public EvalUser(int user, int[] raw, int[] train, int[] test, double[] testRatings) {
        this(user, raw, train, test, testRatings, new int[0]);
    }

    public EvalUser {
        raw = raw == null ? null : raw.clone();
        train = train.clone();
        validation = validation.clone();
        test = test.clone();
        testRatings = testRatings.clone();
        if (testRatings.length != test.length) {
            throw new IllegalArgumentException("user " + user + ": " + test.length + " test items but "
                    + testRatings.length + " ratings");
        }
    }

    /** The same user with another raw list. */
    public EvalUser withRaw(int[] newRaw) {
        return new EvalUser(user, newRaw, train, test, testRatings, validation);
    }

    /** The same user with other test items (and their ratings). */
    public EvalUser withTest(int[] newTest, double[] newRatings) {
        return new EvalUser(user, raw, train, newTest, newRatings, validation);
    }

    /** Everything the user had before the test: training items, then validation items not among them. */
    public int[] known() {
        if (validation.length == 0) {
            return train.clone();
        }
        java.util.LinkedHashSet<Integer> all = new java.util.LinkedHashSet<>();
        for (int i : train) {
            all.add(i);
        }
        for (int i : validation) {
            all.add(i);
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the user has a recommendation list (an empty one included). */
    public boolean hasList() {
        return raw != null;
    }

    /** The test items that are relevant under the relevance rule, in test order. */
    public int[] relevant(Relevance relevance) {
        int[] out = new int[test.length];
        int n = 0;
        for (int k = 0; k < test.length; k++) {
            if (relevance.isRelevant(testRatings[k])) {
                out[n++] = test[k];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The rating of a test item, NaN when the item is not a test item or has no rating. */
    public double testRating(int item) {
        for (int k = 0; k < test.length; k++) {
            if (test[k] == item) {
                return testRatings[k];
            }
        }
        return Double.NaN;
    }
}
