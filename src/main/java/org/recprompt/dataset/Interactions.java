package org.recprompt.dataset;

/**
 * User-item interactions in parallel primitive arrays: 20 bytes a row, so 25 million ratings take
 * about 500 MB. Ratings are NaN where the data has none; timestamps are seconds since the epoch,
 * 0 where the data has none.
 */
public record Interactions(int[] users, int[] items, float[] ratings, long[] timestamps) {

    public Interactions {
        if (users.length != items.length || users.length != ratings.length || users.length != timestamps.length) {
            throw new IllegalArgumentException("interaction columns differ in length");
        }
    }

    public int size() {
        return users.length;
    }

    public int user(int row) {
        return users[row];
    }

    public int item(int row) {
        return items[row];
    }

    public float rating(int row) {
        return ratings[row];
    }

    public long timestamp(int row) {
        return timestamps[row];
    }
}
