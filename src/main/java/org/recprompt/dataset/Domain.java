package org.recprompt.dataset;

import java.util.List;
import java.util.Locale;

/**
 * What a dataset's items are, in the words a prompt uses: the noun ("book"), its plural
 * ("books") and the verb of consumption in the past tense ("read"). A template writes
 * {@code {{domain}}}, {@code {{domains}}} and the verb variable instead of "movie" and "watched",
 * so one template reads right on movies, books, products, businesses or artists.
 *
 * @param noun the singular noun, lower case
 * @param plural the plural noun
 * @param verb what a user did with an item, past tense ("watched", "listened to")
 */
public record Domain(String noun, String plural, String verb) {

    public static final Domain MOVIE = new Domain("movie", "movies", "watched");
    public static final Domain BOOK = new Domain("book", "books", "read");
    public static final Domain PRODUCT = new Domain("product", "products", "bought");
    public static final Domain BUSINESS = new Domain("business", "businesses", "visited");
    public static final Domain ARTIST = new Domain("artist", "artists", "listened to");
    /** Items of an unknown kind (a generic CSV nobody described). */
    public static final Domain ITEM = new Domain("item", "items", "interacted with");

    /** The domains the workbench knows by name. */
    public static final List<Domain> KNOWN = List.of(MOVIE, BOOK, PRODUCT, BUSINESS, ARTIST, ITEM);

    public Domain {
        if (noun == null || noun.isBlank() || plural == null || plural.isBlank() || verb == null || verb.isBlank()) {
            throw new IllegalArgumentException("a domain needs a noun, a plural and a verb");
        }
    }

    /**
     * The known domain with this noun or plural (case-insensitive), or, for any other word, a
     * domain with that noun, an English "-s" plural and the generic verb "interacted with".
     */
    public static Domain byName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (n.isEmpty()) {
            throw new IllegalArgumentException("the domain is empty; name one of "
                    + KNOWN.stream().map(Domain::noun).toList() + " or any noun");
        }
        for (Domain d : KNOWN) {
            if (d.noun.equals(n) || d.plural.equals(n)) {
                return d;
            }
        }
        return new Domain(n, n.endsWith("s") || n.endsWith("x") || n.endsWith("ch") || n.endsWith("sh") ? n + "es" : n + "s",
                ITEM.verb);
    }
}
