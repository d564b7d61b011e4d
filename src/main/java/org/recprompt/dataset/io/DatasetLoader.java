package org.recprompt.dataset.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.dataset.ItemImages;

/**
 * Reads a dataset from a folder or file, in a named format or one detected from the file names:
 * {@code u.data} is MovieLens 100K, {@code ratings.dat} MovieLens 1M/10M or, with a two-field
 * users.dat or ratings above 5, MovieTweetings; {@code ratings.csv} MovieLens latest beside
 * movies.csv and goodbooks-10k beside books.csv; {@code BX-Book-Ratings.csv} Book-Crossing;
 * {@code user_artists.dat} Last.fm HetRec 2011; {@code *.inter} RecBole, and a lone
 * {@code .csv}/{@code .tsv} file generic CSV. The JSON-lines publishers are recognised by their
 * file names: {@code reviews_*.json.gz} (or {@code ratings_*.csv} beside a {@code meta_*.json.gz})
 * is Amazon 2014, {@code *.jsonl.gz} Amazon 2023, {@code <Category>.json.gz} beside its
 * {@code meta_<Category>.json.gz} (or a {@code *_5.json.gz}) Amazon 2018, and {@code review.json}
 * (or {@code yelp_academic_dataset_review.json}) Yelp; for these the source is the reviews file,
 * and a folder holding several categories asks for the one to read. A folder holding only one
 * sub-folder (as zips unpack) is looked into.
 */
public final class DatasetLoader {

    private DatasetLoader() {
    }

    /** A located dataset: its format and the folder or file to read. */
    public record Source(DatasetFormat format, Path path) {
    }

    public static Dataset load(Path path) {
        return load(path, null, ColumnMapping.guess());
    }

    /** Loads with the given format (null: detect) and, for generic CSV, column mapping; duplicates: keep-last. */
    public static Dataset load(Path path, DatasetFormat format, ColumnMapping mapping) {
        return load(path, format, mapping, DuplicatePolicy.DEFAULT);
    }

    /**
     * Loads with the given format (null: detect), column mapping (generic CSV) and policy for a
     * (user, item) pair that occurs more than once (null: keep-last).
     */
    public static Dataset load(Path path, DatasetFormat format, ColumnMapping mapping, DuplicatePolicy duplicates) {
        Source source = locate(path, format, mapping);
        String name = nameOf(path);
        DuplicatePolicy p = duplicates == null ? DuplicatePolicy.DEFAULT : duplicates;
        Dataset d = switch (source.format()) {
            case MOVIELENS_100K -> MovieLens100kReader.read(source.path(), name, p);
            case MOVIELENS_DAT -> MovieLensDatReader.read(source.path(), name, p);
            case MOVIELENS_CSV -> MovieLensCsvReader.read(source.path(), name, p);
            case MOVIETWEETINGS -> MovieTweetingsReader.read(source.path(), name, p);
            case GOODBOOKS -> GoodbooksReader.read(source.path(), name, p);
            case BOOK_CROSSING -> BookCrossingReader.read(source.path(), name, p);
            case LASTFM_HETREC -> LastFmReader.read(source.path(), name, p);
            case RECBOLE -> RecBoleReader.read(source.path(), name, p);
            case AMAZON_2014, AMAZON_2018, AMAZON_2023 -> AmazonReader.read(source.path(), source.format(), p);
            case YELP -> YelpReader.read(source.path(), p);
            case CSV -> GenericCsvReader.read(source.path(), name, mapping, p);
        };
        Path folder = Files.isDirectory(source.path()) ? source.path() : source.path().toAbsolutePath().getParent();
        return ItemImages.attach(d.withDomain(source.format().domain()), folder);
    }

    /** Finds what to read under the path, checking that the format's main file exists. */
    /**
     * Finds what to read, as {@link #locate(Path, DatasetFormat)}; with an item file in the mapping a
     * named file is a generic CSV unless a format is named (ratings.csv beside books.csv is then not
     * read as goodbooks-10k), a folder keeps its detected format (a generic CSV when none is
     * recognised), and a folder's item file is not taken for its interactions.
     */
    public static Source locate(Path path, DatasetFormat format, ColumnMapping mapping) {
        ColumnMapping.ItemFile items = mapping == null ? null : mapping.items();
        if (items == null) {
            return locate(path, format);
        }
        DatasetFormat f = format;
        if (f == null && Files.isDirectory(path)) {
            try {
                f = detect(descend(path));
            } catch (DatasetFormatException e) {
                f = DatasetFormat.CSV;
            }
        }
        f = f == null ? DatasetFormat.CSV : f;
        if (f == DatasetFormat.CSV && Files.isDirectory(path)) {
            Path dir = descend(path);
            String itemName = Path.of(items.file()).getFileName().toString();
            List<Path> found = list(dir, ".csv", ".tsv", ".txt").stream()
                    .filter(p -> !p.getFileName().toString().equals(itemName)).toList();
            if (found.size() != 1) {
                throw new DatasetFormatException(dir, found.isEmpty() ? "has no .csv/.tsv/.txt file besides the item file "
                        + itemName : "has " + found.size() + " .csv/.tsv/.txt files besides the item file " + itemName
                        + "; name the one to read");
            }
            return new Source(f, found.get(0));
        }
        return locate(path, f);
    }

    public static Source locate(Path path, DatasetFormat format) {
        if (!Files.exists(path)) {
            throw new DatasetFormatException(path, "no such file or folder");
        }
        if (Files.isDirectory(path)) {
            Path dir = movieTweetingsLatest(descend(path), format);
            DatasetFormat f = format != null ? format : detect(dir);
            return switch (f) {
                case MOVIELENS_100K -> new Source(f, require(dir, "u.data"));
                case MOVIELENS_DAT -> new Source(f, require(dir, "ratings.dat"));
                case MOVIELENS_CSV -> new Source(f, require(dir, "ratings.csv"));
                case MOVIETWEETINGS -> new Source(f, require(dir, "ratings.dat"));
                case GOODBOOKS -> new Source(f, require(require(dir, "ratings.csv"), "books.csv"));
                case BOOK_CROSSING -> new Source(f, require(require(dir, BookCrossingReader.RATINGS), BookCrossingReader.BOOKS));
                case LASTFM_HETREC -> new Source(f, require(require(dir, LastFmReader.INTERACTIONS), LastFmReader.ARTISTS));
                case RECBOLE -> new Source(f, single(dir, ".inter"));
                case CSV -> new Source(f, single(dir, ".csv", ".tsv", ".txt"));
                case AMAZON_2014, AMAZON_2018, AMAZON_2023 -> new Source(f, amazonReviews(dir, f));
                case YELP -> new Source(f, yelpReviews(dir));
            };
        }
        String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
        Path dir = path.toAbsolutePath().getParent();
        DatasetFormat f = format;
        if (f == null && file.startsWith("meta_") && (file.endsWith(".json") || file.endsWith(".json.gz")
                || file.endsWith(".jsonl") || file.endsWith(".jsonl.gz"))) {
            throw new DatasetFormatException(path, "is an item metadata file; name the reviews file beside it");
        }
        if (f == null) {
            f = byJsonName(path);
        }
        if (f == null) {
            f = switch (file) {
                case "u.data" -> DatasetFormat.MOVIELENS_100K;
                case "ratings.dat" -> MovieTweetingsReader.looksLikeIt(dir) ? DatasetFormat.MOVIETWEETINGS : DatasetFormat.MOVIELENS_DAT;
                case "ratings.csv" -> Files.exists(dir.resolve("movies.csv")) ? DatasetFormat.MOVIELENS_CSV
                        : Files.exists(dir.resolve("books.csv")) ? DatasetFormat.GOODBOOKS : DatasetFormat.CSV;
                case "bx-book-ratings.csv", "bx-books.csv", "bx-users.csv" -> DatasetFormat.BOOK_CROSSING;
                case "user_artists.dat" -> DatasetFormat.LASTFM_HETREC;
                default -> file.endsWith(".inter") ? DatasetFormat.RECBOLE : DatasetFormat.CSV;
            };
        }
        return switch (f) {
            case MOVIELENS_100K, MOVIELENS_DAT, MOVIELENS_CSV, MOVIETWEETINGS -> new Source(f, dir);
            case GOODBOOKS -> new Source(f, require(require(dir, "ratings.csv"), "books.csv"));
            case BOOK_CROSSING -> new Source(f, require(require(dir, BookCrossingReader.RATINGS), BookCrossingReader.BOOKS));
            case LASTFM_HETREC -> new Source(f, require(require(dir, LastFmReader.INTERACTIONS), LastFmReader.ARTISTS));
            case RECBOLE, CSV, AMAZON_2014, AMAZON_2018, AMAZON_2023, YELP -> new Source(f, path);
        };
    }

    /** The JSON-lines publisher a file's name says it comes from, or null. */
    private static DatasetFormat byJsonName(Path file) {
        String n = file.getFileName().toString();
        if (YelpReader.isReviewFile(file)) {
            return DatasetFormat.YELP;
        }
        if (n.startsWith("reviews_") && AmazonReader.naming(file, DatasetFormat.AMAZON_2014) != null
                || n.startsWith("ratings_") && AmazonReader.metaOf(file, DatasetFormat.AMAZON_2014) != null) {
            return DatasetFormat.AMAZON_2014;
        }
        if (AmazonReader.naming(file, DatasetFormat.AMAZON_2023) != null) {
            return DatasetFormat.AMAZON_2023;
        }
        if (AmazonReader.naming(file, DatasetFormat.AMAZON_2018) != null) {
            return DatasetFormat.AMAZON_2018;
        }
        return null;
    }

    /** The JSON-lines publisher of a folder's files, or null. */
    private static DatasetFormat detectJson(Path dir) {
        if (YelpReader.find(dir, YelpReader.REVIEW_FILES) != null) {
            return DatasetFormat.YELP;
        }
        List<Path> files = list(dir, ".json", ".json.gz", ".jsonl", ".jsonl.gz", ".csv");
        for (DatasetFormat f : List.of(DatasetFormat.AMAZON_2014, DatasetFormat.AMAZON_2023, DatasetFormat.AMAZON_2018)) {
            for (Path p : files) {
                if (amazonCandidate(p, f)) {
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * True when detection takes the file for a reviews file of this edition: any 2014 reviews file
     * or a ratings CSV with its metadata; any 2023 file; a 2018 file with its metadata or a 5-core.
     */
    private static boolean amazonCandidate(Path p, DatasetFormat f) {
        AmazonReader.Naming naming = AmazonReader.naming(p, f);
        if (naming == null) {
            return false;
        }
        return switch (f) {
            case AMAZON_2014 -> !naming.ratingsCsv() || AmazonReader.metaOf(p, f) != null;
            case AMAZON_2018 -> !p.getFileName().toString().startsWith("reviews_")
                    && (naming.fiveCore() || AmazonReader.metaOf(p, f) != null);
            default -> true;
        };
    }

    /** The one reviews file of an Amazon edition in the folder. */
    private static Path amazonReviews(Path dir, DatasetFormat f) {
        List<Path> found = list(dir, ".json", ".json.gz", ".jsonl", ".jsonl.gz", ".csv").stream()
                .filter(p -> AmazonReader.naming(p, f) != null && !YelpReader.isReviewFile(p)
                        && (f != DatasetFormat.AMAZON_2018 || !p.getFileName().toString().startsWith("reviews_")))
                .toList();
        if (f == DatasetFormat.AMAZON_2014 && found.size() > 1) {
            List<Path> json = found.stream().filter(p -> !AmazonReader.naming(p, f).ratingsCsv()).toList();
            found = json.isEmpty() ? found : json;
        }
        if (found.size() != 1) {
            throw new DatasetFormatException(dir, found.isEmpty()
                    ? "has no " + f.id() + " reviews file (" + AmazonReader.expectedNames(f) + ")"
                    : "has " + found.size() + " " + f.id() + " reviews files (" + found.stream()
                            .map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.joining(", "))
                            + "); name the one to read");
        }
        return found.get(0);
    }

    private static Path yelpReviews(Path dir) {
        Path reviews = YelpReader.find(dir, YelpReader.REVIEW_FILES);
        if (reviews == null) {
            throw new DatasetFormatException(dir, "has no review.json (nor yelp_academic_dataset_review.json)");
        }
        return reviews;
    }

    /**
     * The files a located source reads besides its main file (an Amazon metadata file, Yelp's
     * business.json), absolute, so that an import of one file takes them along; empty for other formats.
     */
    public static List<Path> companions(Source source) {
        Path main = source.path();
        if (Files.isDirectory(main)) {
            return List.of();
        }
        Path meta = switch (source.format()) {
            case AMAZON_2014, AMAZON_2018, AMAZON_2023 -> AmazonReader.metaOf(main, source.format());
            case YELP -> YelpReader.find(main.toAbsolutePath().getParent(), YelpReader.BUSINESS_FILES);
            default -> null;
        };
        return meta == null ? List.of() : List.of(meta.toAbsolutePath().normalize());
    }

    /** The format of the files in a folder. */
    public static DatasetFormat detect(Path dir) {
        if (Files.exists(dir.resolve("u.data"))) {
            return DatasetFormat.MOVIELENS_100K;
        }
        if (Files.exists(dir.resolve("ratings.dat"))) {
            return MovieTweetingsReader.looksLikeIt(dir) ? DatasetFormat.MOVIETWEETINGS : DatasetFormat.MOVIELENS_DAT;
        }
        if (Files.exists(dir.resolve("ratings.csv")) && Files.exists(dir.resolve("movies.csv"))) {
            return DatasetFormat.MOVIELENS_CSV;
        }
        if (Files.exists(dir.resolve("ratings.csv")) && Files.exists(dir.resolve("books.csv"))) {
            return DatasetFormat.GOODBOOKS;
        }
        if (Files.exists(dir.resolve(BookCrossingReader.RATINGS))) {
            return DatasetFormat.BOOK_CROSSING;
        }
        if (Files.exists(dir.resolve(LastFmReader.INTERACTIONS))) {
            return DatasetFormat.LASTFM_HETREC;
        }
        DatasetFormat json = detectJson(dir);
        if (json != null) {
            return json;
        }
        if (!list(dir, ".inter").isEmpty()) {
            return DatasetFormat.RECBOLE;
        }
        if (list(dir, ".csv", ".tsv", ".txt").size() == 1) {
            return DatasetFormat.CSV;
        }
        throw new DatasetFormatException(dir, "no dataset recognised here (looked for u.data, ratings.dat, "
                + "ratings.csv with movies.csv or books.csv, BX-Book-Ratings.csv, user_artists.dat, reviews_*.json.gz, "
                + "*.jsonl.gz, <Category>.json.gz with meta_<Category>.json.gz, review.json, *.inter, or a single"
                + " .csv/.tsv file); name the format with --format");
    }

    /**
     * The MovieTweetings repository as downloaded (latest/, snapshots/10K ... 200K/, README.md) is
     * read from latest/; a snapshot is read by naming its folder.
     */
    private static Path movieTweetingsLatest(Path dir, DatasetFormat format) {
        Path latest = dir.resolve("latest");
        boolean candidate = (format == null || format == DatasetFormat.MOVIETWEETINGS)
                && !Files.exists(dir.resolve("ratings.dat")) && Files.isDirectory(dir.resolve("snapshots"))
                && Files.isRegularFile(latest.resolve("ratings.dat"));
        return candidate && MovieTweetingsReader.looksLikeIt(latest) ? latest : dir;
    }

    private static Path descend(Path dir) {
        Path current = dir;
        for (int depth = 0; depth < 3; depth++) {
            try (Stream<Path> children = Files.list(current)) {
                List<Path> all = children.filter(p -> !p.getFileName().toString().startsWith(".")
                        && !p.getFileName().toString().equals("__MACOSX")).toList();
                if (all.size() == 1 && Files.isDirectory(all.get(0))) {
                    current = all.get(0);
                    continue;
                }
                return current;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + current + ": " + e.getMessage(), e);
            }
        }
        return current;
    }

    private static Path require(Path dir, String file) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new DatasetFormatException(dir, "has no " + file);
        }
        return dir;
    }

    private static Path single(Path dir, String... endings) {
        List<Path> found = list(dir, endings);
        if (found.size() != 1) {
            throw new DatasetFormatException(dir, found.isEmpty()
                    ? "has no " + String.join(" or ", endings) + " file"
                    : "has " + found.size() + " " + String.join("/", endings) + " files; name the one to read");
        }
        return found.get(0);
    }

    private static List<Path> list(Path dir, String... endings) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        for (String e : endings) {
                            if (n.endsWith(e)) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String nameOf(Path path) {
        Path name = path.toAbsolutePath().normalize().getFileName();
        String n = name == null ? "dataset" : name.toString();
        return Files.isDirectory(path) ? n : n.replaceFirst("\\.[^.]+$", "");
    }
}
