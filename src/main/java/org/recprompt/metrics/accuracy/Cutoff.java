package org.recprompt.metrics.accuracy;

final class Cutoff {

    private Cutoff() {
    }

    static void check(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the cutoff K must be at least 1, not " + k);
        }
    }
}
