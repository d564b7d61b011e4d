package org.recprompt.metrics.diversity;

/**
 * A similarity between two catalog items, in [0, 1] for the metrics that use it (cosine of title
 * embeddings, genre Jaccard, ...). Symmetric by convention; implementations hold no state that changes.
 */
@FunctionalInterface
public interface ItemSimilarity {

    double between(int a, int b);

    /** A precomputed square matrix, sim(a, b) = matrix[a][b] (not copied: do not modify it). */
    static ItemSimilarity of(double[][] matrix) {
        return (a, b) -> matrix[a][b];
    }

    /** Genre Jaccard similarity ({@link Genres#jaccard}). */
    static ItemSimilarity genres(Genres genres) {
        return genres::jaccard;
    }
}
