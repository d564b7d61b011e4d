package org.recprompt.experiment;

/**
 * One unit of work: a variant asked for one user, in one repeat. Its key (variant, user id,
 * repeat) identifies its record in the journal, so a resumed run knows what is done.
 *
 * @param variant the variant
 * @param user the user's index in the dataset
 * @param userId the user's id in the dataset
 * @param repeat the repeat, from 0
 * @param order the position in the plan: outputs are written in this order
 */
public record Call(Variant variant, int user, String userId, int repeat, int order) {

    public String key() {
        return key(variant.id(), userId, repeat);
    }

    public static String key(String variantId, String userId, int repeat) {
        return variantId + '\t' + userId + '\t' + repeat;
    }
}
