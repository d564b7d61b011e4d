package org.recprompt.metrics.popularity;

/**
 * Item popularity from the training data, the input of every popularity metric.
 *
 * @param users pop(i): the number of distinct training users of item i
 * @param interactions training interactions of item i (the long-tail split counts these)
 * @param trainUsers |U_train|: users with at least one training interaction
 */
public record Popularity(int[] users, int[] interactions, int trainUsers) {

    public Popularity {
        if (users.length != interactions.length) {
            throw new IllegalArgumentException("popularity arrays differ in length");
        }
        if (trainUsers < 1) {
            throw new IllegalArgumentException("there must be at least one training user");
        }
        users = users.clone();
        interactions = interactions.clone();
    }

    /** Where every item has as many interactions as distinct users (one interaction per user and item). */
    public static Popularity ofUsers(int[] users, int trainUsers) {
        return new Popularity(users, users, trainUsers);
    }

    public int catalogSize() {
        return users.length;
    }

    public int of(int item) {
        return users[item];
    }

    /** pop(i) / |U_train|. */
    public double share(int item) {
        return users[item] / (double) trainUsers;
    }
}
