package org.recprompt.dataset.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.recprompt.dataset.Items;

/**
 * Reads a generic CSV's item file ({@link ColumnMapping.ItemFile}) into the builder's catalog:
 * ids, titles (a trailing "(1995)" gives the year), genres split on the separator, the image and
 * the authors as attributes. Fields may be quoted (titles with commas), as MovieLens's movies.csv
 * is read. Once read, the catalog is closed: an interaction naming an item the file lacks is an
 * error naming its line. Problems name the file, the line and the column.
 */
final class ItemFileReader {

    static final List<String> ID_NAMES = List.of("item_id", "itemid", "id", "item", "movieid", "movie_id", "book_id",
            "product_id", "asin", "business_id", "artist_id", "iid");
    static final List<String> TITLE_NAMES = List.of("title", "name", "item_name", "movie_title", "book_title");
    static final List<String> GENRE_NAMES = List.of("genres", "genre", "categories", "category");
    static final List<String> IMAGE_NAMES = List.of("image_url", "image", "imurl", "cover_url", "poster_url");
    static final List<String> AUTHOR_NAMES = List.of("authors", "author", "book_author");

    private ItemFileReader() {
    }

    /**
     * Reads the file into the builder. Without a named id column, the interactions' item column
     * name ({@code interactionsItemColumn}, e.g. book_id) is looked for first, then the usual names.
     */
    static void read(ColumnMapping.ItemFile spec, String interactionsItemColumn, DatasetBuilder b) {
        Path file = Path.of(spec.file());
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file, "the item file does not exist");
        }
        char delimiter = GenericCsvReader.guessDelimiter(firstLine(file));
        List<MovieLensCsvReader.Row> rows = MovieLensCsvReader.csv(file, delimiter);
        if (rows.isEmpty()) {
            throw new DatasetFormatException(file, "the item file has a header but no items");
        }
        List<String> header = new ArrayList<>(rows.get(0).record().toMap().keySet());
        List<String> idNames = new ArrayList<>();
        if (interactionsItemColumn != null && !interactionsItemColumn.isBlank()) {
            idNames.add(interactionsItemColumn.strip().toLowerCase(Locale.ROOT));
        }
        idNames.addAll(ID_NAMES);
        int id = column(file, header, spec.id(), idNames, true, "item id", "--item-id-col");
        int title = column(file, header, spec.title(), TITLE_NAMES, true, "title", "--title-col");
        int genres = column(file, header, spec.genres(), GENRE_NAMES, false, "genres", "--genres-col");
        int image = column(file, header, spec.image(), IMAGE_NAMES, false, "image", "--image-col");
        int authors = column(file, header, spec.authors(), AUTHOR_NAMES, false, "authors", "--author-col");
        for (MovieLensCsvReader.Row row : rows) {
            String itemId = row.record().get(id).strip();
            if (itemId.isEmpty()) {
                throw new DatasetFormatException(file, row.line(), "the item id (column '" + header.get(id) + "') is empty", null);
            }
            String t = row.record().get(title).strip();
            if (t.isEmpty()) {
                throw new DatasetFormatException(file, row.line(), "item " + itemId + " has no title (column '"
                        + header.get(title) + "' is empty)", null);
            }
            int item = b.addItem(file, row.line(), itemId, t, 0, genres < 0 ? List.of()
                    : genres(row.record().get(genres), spec.separator()));
            if (image >= 0 && !row.record().get(image).isBlank()) {
                b.itemAttribute(item, "image_url", row.record().get(image).strip());
            }
            if (authors >= 0 && !row.record().get(authors).isBlank()) {
                b.itemAttribute(item, Items.AUTHORS, row.record().get(authors).strip());
            }
        }
    }

    static List<String> genres(String field, String separator) {
        List<String> out = new ArrayList<>();
        for (String g : TextFiles.splitAll(field, separator)) {
            String s = g.strip();
            if (!s.isEmpty() && !s.equals(MovieLensCsvReader.NO_GENRES) && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static String firstLine(Path file) {
        String[] first = {""};
        TextFiles.eachLine(file, false, (n, line) -> {
            if (first[0].isEmpty()) {
                first[0] = line;
            }
        });
        return first[0];
    }

    /** The column's index: given by name or 0-based index, else one of the usual names, else -1 or an error. */
    private static int column(Path file, List<String> header, String given, List<String> usual, boolean required,
            String what, String option) {
        if (given != null && !given.isBlank()) {
            String g = given.strip();
            if (g.matches("\\d+")) {
                int k = Integer.parseInt(g);
                if (k >= header.size()) {
                    throw new DatasetFormatException(file, 1, "the " + what + " column " + k + " (0-based) is past the "
                            + header.size() + " columns of the header", String.join(",", header));
                }
                return k;
            }
            for (int k = 0; k < header.size(); k++) {
                if (header.get(k).strip().equalsIgnoreCase(g)) {
                    return k;
                }
            }
            throw new DatasetFormatException(file, 1, "the header has no " + what + " column named '" + g + "'",
                    String.join(",", header));
        }
        for (String name : usual) {
            for (int k = 0; k < header.size(); k++) {
                if (header.get(k).strip().toLowerCase(Locale.ROOT).equals(name)) {
                    return k;
                }
            }
        }
        if (required) {
            throw new DatasetFormatException(file, 1, "no " + what + " column in the header (looked for "
                    + String.join(", ", usual) + "); name it with " + option, String.join(",", header));
        }
        return -1;
    }
}
