package org.recprompt.dataset.io;

/**
 * Which columns of a generic CSV/TSV interaction file hold what. Columns are header names, or
 * 0-based indices when the file has no header. Rating and timestamp are optional (null).
 *
 * @param delimiter the field separator; null to guess from the first line (tab, comma, ';', '|')
 */
public record ColumnMapping(String user, String item, String rating, String timestamp, Character delimiter,
        boolean header) {

    /** The usual names: user_id/userId/user, item_id/itemId/movieId/item, rating, timestamp. */
    public static ColumnMapping guess() {
        return new ColumnMapping(null, null, null, null, null, true);
    }
}
