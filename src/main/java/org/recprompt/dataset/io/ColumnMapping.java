package org.recprompt.dataset.io;

/**
 * Which columns of a generic CSV/TSV interaction file hold what. Columns are header names, or
 * 0-based indices when the file has no header. Rating and timestamp are optional (null).
 *
 * @param delimiter the field separator; null to guess from the first line (tab, comma, ';', '|')
 * @param items an item file joined to the interactions by item id (titles, genres, images,
 *        authors), or null: the items are then known by id only
 */
public record ColumnMapping(String user, String item, String rating, String timestamp, Character delimiter,
        boolean header, ItemFile items) {

    public ColumnMapping(String user, String item, String rating, String timestamp, Character delimiter, boolean header) {
        this(user, item, rating, timestamp, delimiter, header, null);
    }

    /** The usual names: user_id/userId/user, item_id/itemId/movieId/item, rating, timestamp. */
    public static ColumnMapping guess() {
        return new ColumnMapping(null, null, null, null, null, true);
    }

    /** The same mapping with this item file (null: none). */
    public ColumnMapping withItems(ItemFile itemFile) {
        return new ColumnMapping(user, item, rating, timestamp, delimiter, header, itemFile);
    }

    /**
     * A catalog file for a generic CSV: one item per row, with a header line; quoted fields
     * (titles with commas) are read as CSV. Columns are header names or 0-based indices; a column
     * left null is looked for under its usual names ({@code item_id}, {@code title}, {@code genres},
     * {@code image_url}, {@code authors}, ...) and, for the optional ones, left out when absent.
     *
     * @param file the file; a relative path is resolved against the working directory (the
     *        workbench stores the file's name and resolves it in the dataset's folder)
     * @param id the item id column, the ids the interactions name
     * @param title the title column
     * @param genres the genres column
     * @param genresSeparator what separates several genres inside the genres field; null: '|'
     * @param image the image path or URL column (becomes the item's image)
     * @param authors the authors column (becomes the {@code authors} attribute)
     */
    public record ItemFile(String file, String id, String title, String genres, String genresSeparator, String image,
            String authors) {

        public ItemFile {
            if (file == null || file.isBlank()) {
                throw new IllegalArgumentException("the item file is not named");
            }
        }

        /** The separator of several genres in one field ('|' unless set). */
        public String separator() {
            return genresSeparator == null || genresSeparator.isEmpty() ? "|" : genresSeparator;
        }

        /** The same columns for the file at another place (the copy in the workspace). */
        public ItemFile at(String newFile) {
            return new ItemFile(newFile, id, title, genres, genresSeparator, image, authors);
        }
    }
}
