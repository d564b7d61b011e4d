package org.recprompt.dataset.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.recprompt.dataset.Domain;

/** The file formats the workbench reads; {@link #id()} is the name the CLI and descriptors use. */
public enum DatasetFormat {
    MOVIELENS_100K("movielens-100k", Domain.MOVIE, "MovieLens 100K: u.data, u.item (Latin-1, 19 genre flags), u.user, u.genre"),
    MOVIELENS_DAT("movielens-dat", Domain.MOVIE, "MovieLens 1M/10M: '::'-separated ratings.dat, movies.dat, users.dat"),
    MOVIELENS_CSV("movielens-csv", Domain.MOVIE, "MovieLens latest (ml-latest-small to ml-32m): ratings.csv, movies.csv, tags.csv, links.csv"),
    MOVIETWEETINGS("movietweetings", Domain.MOVIE, "MovieTweetings: '::'-separated ratings.dat (0-10), movies.dat (UTF-8), users.dat (user_id::twitter_id)"),
    GOODBOOKS("goodbooks-10k", Domain.BOOK, "goodbooks-10k: ratings.csv (sorted by time, no timestamps), books.csv; to_read.csv, book_tags.csv with tags.csv"),
    BOOK_CROSSING("book-crossing", Domain.BOOK, "Book-Crossing: BX-Book-Ratings.csv, BX-Books.csv, BX-Users.csv (';', quoted, Windows-1252; rating 0 implicit)"),
    LASTFM_HETREC("lastfm-hetrec", Domain.ARTIST, "Last.fm HetRec 2011: user_artists.dat (listening counts), artists.dat, tags.dat, user_taggedartists-timestamps.dat"),
    AMAZON_2014("amazon-2014", Domain.PRODUCT, "Amazon reviews 2014 (McAuley): reviews_<Category>[_5].json.gz or ratings_<Category>.csv, meta_<Category>.json.gz"),
    AMAZON_2018("amazon-2018", Domain.PRODUCT, "Amazon reviews 2018 (Ni et al.): <Category>[_5].json.gz, meta_<Category>.json.gz"),
    AMAZON_2023("amazon-2023", Domain.PRODUCT, "Amazon reviews 2023 (Hou et al.): <Category>.jsonl.gz, meta_<Category>.jsonl.gz (items by parent_asin)"),
    YELP("yelp", Domain.BUSINESS, "Yelp Open Dataset: review.json and business.json (or yelp_academic_dataset_*.json)"),
    RECBOLE("recbole", Domain.ITEM, "RecBole atomic files: NAME.inter, NAME.item, NAME.user with typed headers"),
    CSV("csv", Domain.ITEM, "generic CSV/TSV interactions with a column mapping");

    private final String id;
    private final Domain domain;
    private final String description;

    DatasetFormat(String id, Domain domain, String description) {
        this.id = id;
        this.domain = domain;
        this.description = description;
    }

    /** What this format's items are unless the researcher says otherwise. */
    public Domain domain() {
        return domain;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The format named by id (case-insensitive; "ml-100k", "ml-1m", "ml-latest" are accepted too). */
    public static DatasetFormat byId(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "ml-100k", "100k" -> n = MOVIELENS_100K.id;
            case "ml-1m", "ml-10m", "1m", "10m", "movielens-1m", "movielens-10m" -> n = MOVIELENS_DAT.id;
            case "ml-latest", "ml-latest-small", "ml-25m", "ml-32m", "movielens-latest" -> n = MOVIELENS_CSV.id;
            case "tsv" -> n = CSV.id;
            case "goodbooks" -> n = GOODBOOKS.id;
            case "bx", "bookcrossing", "book-crossing-dataset" -> n = BOOK_CROSSING.id;
            case "lastfm", "hetrec-lastfm", "lastfm-2k", "hetrec2011-lastfm-2k" -> n = LASTFM_HETREC.id;
            default -> { }
        }
        for (DatasetFormat f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown dataset format '" + name + "'; known formats: "
                + Arrays.stream(values()).map(DatasetFormat::id).collect(Collectors.joining(", ")));
    }
}
