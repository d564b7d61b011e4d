package org.recprompt.metrics.concentration;

import org.recprompt.metrics.SystemMetric;
import org.recprompt.metrics.UserRecs;

/**
 * User coverage (Ge, Delgado-Battenfeld and Jannach 2010, Beyond accuracy: evaluating recommender
 * systems by coverage and serendipity, RecSys; Herlocker et al. 2004): the share of users for whom
 * the recommender produced something, |{u : L_u[1..K] non-empty}| / |U|, over the users added. The
 * caller decides who U is: the recprompt convention adds every user with a relevant test item,
 * including those with no list at all (added with an empty list), so a model that answers nothing or
 * only hallucinated, repeated or skipped items for a user loses that user here. A list counts once it
 * holds one catalog item within K (normalisation removed duplicates and non-catalog items; a gap is no
 * item). NaN when no user was added.
 */
public final class UserCoverage implements SystemMetric {

    @Override
    public Acc accumulator() {
        return new Acc();
    }

    /** Covered users and all users. */
    public static final class Acc implements Accumulator {
        private long covered;
        private long users;

        @Override
        public void add(UserRecs recs) {
            users++;
            if (!recs.list().isEmpty()) {
                covered++;
            }
        }

        @Override
        public void combine(Accumulator other) {
            Acc o = (Acc) other;
            covered += o.covered;
            users += o.users;
        }

        @Override
        public double evaluate() {
            return users == 0 ? Double.NaN : covered / (double) users;
        }

        /** The users whose list within K holds an item. */
        public long covered() {
            return covered;
        }
    }
}
