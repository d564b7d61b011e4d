package org.recprompt.metrics.protocol;

import java.util.List;

import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.Popularity;

/**
 * Everything an evaluation convention needs, independent of where it came from (a recommendations
 * file against a split, a run's grounded answers, a paper's recorded answers).
 *
 * @param catalogSize the dataset's items, ids 0..catalogSize-1
 * @param popularity training popularity per item (distinct users and interactions) and |U_train|;
 *     an item with no training interaction is unknown to training
 * @param genres each item's genres (the recprompt convention's diversity metrics), or null
 * @param users every user that has a list or test items (or both), in a stable order
 * @param relevance which test interactions are relevant
 */
public record EvalInput(int catalogSize, Popularity popularity, Genres genres, List<EvalUser> users, Relevance relevance) {

    public EvalInput {
        if (popularity.catalogSize() != catalogSize) {
            throw new IllegalArgumentException("popularity covers " + popularity.catalogSize() + " items, the catalog "
                    + catalogSize);
        }
        users = List.copyOf(users);
    }

    /** Whether the item has at least one training interaction. */
    public boolean inTraining(int item) {
        return item >= 0 && item < catalogSize && popularity.interactions()[item] > 0;
    }
}
