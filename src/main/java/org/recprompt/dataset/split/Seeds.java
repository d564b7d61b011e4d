package org.recprompt.dataset.split;

import java.util.Random;

/**
 * Per-user random streams that are identical on every machine and in every run: the seed is
 * mixed with the user's external id ({@link String#hashCode()} is fixed by the language
 * specification) through the SplitMix64 finaliser, and drives {@link java.util.Random}, whose
 * algorithm is specified. A user's stream therefore does not depend on load order or on which
 * other users are sampled.
 */
public final class Seeds {

    private Seeds() {
    }

    public static long mix(long seed, String key) {
        long z = seed ^ (key.hashCode() * 0x9E3779B97F4A7C15L) ^ ((long) key.length() << 32);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static Random forKey(long seed, String key) {
        return new Random(mix(seed, key));
    }

    /** Fisher-Yates shuffle of the whole array. */
    public static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
