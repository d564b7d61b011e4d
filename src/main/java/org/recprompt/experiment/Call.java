package org.recprompt.experiment;

/**
 * One unit of work: a variant asked for one user, in one repeat and (in a simulation) one round.
 * Its key (variant, user id, repeat, round) identifies its record in the journal, so a resumed run
 * knows what is done.
 *
 * @param variant the variant
 * @param user the user's index in the dataset
 * @param userId the user's id in the dataset
 * @param repeat the repeat, from 0
 * @param round the simulation round, from 0 (always 0 without a simulation)
 * @param order the position in the plan: outputs are written in this order
 */
public record Call(Variant variant, int user, String userId, int repeat, int round, int order) {

    public String key() {
        return key(variant.id(), userId, repeat, round);
    }

    /** The key of round 0 (every call of a run without a simulation). */
    public static String key(String variantId, String userId, int repeat) {
        return variantId + '\t' + userId + '\t' + repeat;
    }

    /** Round 0's key is the key runs without a simulation have always used. */
    public static String key(String variantId, String userId, int repeat, int round) {
        return round == 0 ? key(variantId, userId, repeat) : key(variantId, userId, repeat) + "\tr" + round;
    }
}
