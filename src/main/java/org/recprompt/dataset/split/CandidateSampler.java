package org.recprompt.dataset.split;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * Builds each user's candidate set of size C: the held-out items plus negatives the user never
 * interacted with (neither in training nor held out), drawn uniformly from the catalog, or in
 * proportion to training popularity, or supplied by a {@link CandidateRetriever}; then shuffled,
 * with the permutation recorded. Every draw comes from the user's own seeded stream, so a user's
 * set is the same whichever other users are sampled, in every run and on every machine.
 */
public final class CandidateSampler {

    /** Where negatives come from. */
    public enum Negatives { RANDOM, POPULAR, RETRIEVED }

    private final Split split;
    private final int size;
    private final Negatives negatives;
    private final long seed;
    private final CandidateRetriever retriever;
    private final long[] cumulative;

    public CandidateSampler(Split split, int size, Negatives negatives, long seed, CandidateRetriever retriever) {
        if (size < 2) {
            throw new IllegalArgumentException("a candidate set needs at least 2 items, not " + size);
        }
        if (negatives == Negatives.RETRIEVED && retriever == null) {
            throw new IllegalArgumentException("retrieved candidates need a retriever");
        }
        this.split = split;
        this.size = size;
        this.negatives = negatives;
        this.seed = seed;
        this.retriever = retriever;
        this.cumulative = negatives == Negatives.POPULAR ? cumulative(split.trainItemCounts()) : null;
    }

    public static CandidateSampler random(Split split, int size, long seed) {
        return new CandidateSampler(split, size, Negatives.RANDOM, seed, null);
    }

    public CandidateSet sample(int user) {
        return sample(user, 0, null, new int[0]);
    }

    /**
     * A fresh candidate set for round {@code round} of a feedback-loop simulation: drawn as in
     * {@link #sample(int)}, from a stream seeded also by the round, with the items in {@code accepted}
     * (accepted in earlier rounds) left out like seen ones (an accepted held-out item is no candidate
     * any more: the set may then hold no relevant item); retrieval reads the profile {@code history}
     * (the training history and the accepted items). Round 0 is {@link #sample(int)}.
     */
    public CandidateSet sample(int user, int round, int[] history, int[] accepted) {
        int[] heldOut = split.heldOut(user);
        if (heldOut.length == 0) {
            throw new IllegalArgumentException("user " + split.dataset().users().id(user) + " has no held-out item");
        }
        BitSet seen = new BitSet(split.dataset().items().size());
        for (int item : split.allItems(user)) {
            seen.set(item);
        }
        BitSet gone = new BitSet(split.dataset().items().size());
        for (int item : accepted) {
            gone.set(item);
        }
        Random random = round == 0 ? Seeds.forKey(seed, split.dataset().users().id(user))
                : Seeds.forKey(Seeds.mix(seed, "round-" + round), split.dataset().users().id(user));
        if (negatives == Negatives.RETRIEVED) {
            return retrieved(user, heldOut, seen, gone, history, random);
        }
        int[] targets = Arrays.stream(distinct(heldOut)).filter(i -> !gone.get(i)).toArray();
        seen.or(gone);
        if (targets.length >= size) {
            throw new IllegalArgumentException("user " + split.dataset().users().id(user) + " has " + targets.length
                    + " held-out items, as many as the candidate set size " + size);
        }
        int needed = size - targets.length;
        int unseen = split.dataset().items().size() - seen.cardinality();
        if (unseen < needed) {
            throw new IllegalArgumentException("user " + split.dataset().users().id(user) + " has seen all but "
                    + unseen + " items; cannot draw " + needed + " negatives");
        }
        int[] unshuffled = Arrays.copyOf(targets, size);
        BitSet taken = (BitSet) seen.clone();
        for (int k = targets.length; k < size; k++) {
            int item = negatives == Negatives.POPULAR ? drawPopular(random, taken) : drawUniform(random, taken);
            taken.set(item);
            unshuffled[k] = item;
        }
        return shuffled(user, unshuffled, targets, random);
    }

    private CandidateSet retrieved(int user, int[] heldOut, BitSet seen, BitSet gone, int[] history, Random random) {
        BitSet held = new BitSet();
        for (int item : heldOut) {
            held.set(item);
        }
        // The retriever sees only training data: held-out items are not excluded, other seen items
        // (and, in a simulation, the items accepted so far) are.
        java.util.function.IntPredicate excluded = item -> gone.get(item) || seen.get(item) && !held.get(item);
        int[] proposed = history == null ? retriever.retrieve(user, size, excluded)
                : retriever.retrieve(user, history, size, excluded);
        int[] unshuffled = Arrays.copyOf(distinct(proposed), Math.min(size, proposed.length));
        int[] relevant = Arrays.stream(unshuffled).filter(held::get).toArray();
        return shuffled(user, unshuffled, relevant, random);
    }

    private CandidateSet shuffled(int user, int[] unshuffled, int[] relevant, Random random) {
        int[] permutation = new int[unshuffled.length];
        for (int k = 0; k < permutation.length; k++) {
            permutation[k] = k;
        }
        Seeds.shuffle(permutation, random);
        int[] shown = new int[unshuffled.length];
        for (int k = 0; k < shown.length; k++) {
            shown[k] = unshuffled[permutation[k]];
        }
        return new CandidateSet(user, shown, relevant, permutation, Seeds.mix(seed, split.dataset().users().id(user)));
    }

    private int drawUniform(Random random, BitSet taken) {
        int n = split.dataset().items().size();
        while (true) {
            int item = random.nextInt(n);
            if (!taken.get(item)) {
                return item;
            }
        }
    }

    /** Draws in proportion to training popularity; falls back to uniform when the popular unseen mass runs out. */
    private int drawPopular(Random random, BitSet taken) {
        long total = cumulative[cumulative.length - 1];
        for (int attempt = 0; total > 0 && attempt < 10_000; attempt++) {
            long r = (long) (random.nextDouble() * total);
            int item = Arrays.binarySearch(cumulative, r + 1);
            item = item >= 0 ? item : -item - 1;
            while (item > 0 && cumulative[item - 1] == cumulative[item]) {
                item--;
            }
            if (!taken.get(item)) {
                return item;
            }
        }
        return drawUniform(random, taken);
    }

    private static long[] cumulative(int[] counts) {
        long[] c = new long[counts.length];
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i];
            c[i] = sum;
        }
        return c;
    }

    private static int[] distinct(int[] items) {
        return Arrays.stream(items).distinct().toArray();
    }
}
