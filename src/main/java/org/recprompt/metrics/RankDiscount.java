package org.recprompt.metrics;

/** A rank discount d(r), r from 1: a strategy part of NDCG and EPC. */
@FunctionalInterface
public interface RankDiscount {

    /** d(r) = 1 / log2(r + 1) (Järvelin and Kekäläinen 2002): d(1) = 1, d(2) = 0.6309. */
    RankDiscount LOG2 = r -> 1.0 / (Math.log(r + 1) / Math.log(2));

    /** No discount: every rank weighs 1. */
    RankDiscount NONE = r -> 1.0;

    double at(int rank);
}
