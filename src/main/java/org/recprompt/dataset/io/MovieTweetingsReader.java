package org.recprompt.dataset.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;

/**
 * MovieTweetings (Dooms et al., CrowdRec 2013), the whole dataset or a snapshot folder as
 * published: the MovieLens 1M {@code ::} layout, but {@code users.dat} is
 * {@code user_id::twitter_id}, {@code movies.dat} is {@code movie_id::Title (Year)::Genre|Genre}
 * with IMDb ids ("0110912") and possibly no genres, {@code ratings.dat} is
 * {@code user_id::movie_id::rating::rating_timestamp} with ratings 0-10 (IMDb's scale). All files
 * are UTF-8; another encoding is an error naming the line. The Twitter id becomes the user
 * attribute {@code twitter_id}.
 */
final class MovieTweetingsReader {

    static final String RATINGS_NOTE = "Ratings are 0-10 (the IMDb scale of the tweets), not MovieLens' 1-5 stars.";

    /** Lines of ratings.dat looked at to tell MovieTweetings from MovieLens 10M when there is no users.dat. */
    private static final int LINES_LOOKED_AT = 10_000;

    private MovieTweetingsReader() {
    }

    static Dataset read(Path dir, String name, DuplicatePolicy policy) {
        DatasetBuilder b = new DatasetBuilder(policy);
        MovieLensDatReader.readMovies(b, dir.resolve("movies.dat"), false);
        Path users = dir.resolve("users.dat");
        if (Files.exists(users)) {
            TextFiles.eachLine(users, false, (n, line) -> {
                String[] f = TextFiles.split(users, n, line, MovieLensDatReader.SEP, 2);
                int user = b.addUser(users, n, f[0].trim());
                if (!f[1].isBlank()) {
                    b.userAttribute(user, "twitter_id", f[1].trim());
                }
            });
        }
        Path ratings = dir.resolve("ratings.dat");
        TextFiles.streamLines(ratings, (n, line) -> {
            String[] f = TextFiles.split(ratings, n, line, MovieLensDatReader.SEP, 4);
            b.addInteraction(ratings, n, f[0].trim(), f[1].trim(), DatasetBuilder.parseRating(ratings, n, f[2]),
                    DatasetBuilder.parseTimestamp(ratings, n, f[3]));
        });
        return b.build(name, DatasetFormat.MOVIETWEETINGS.id(), ratings).withNotes(List.of(RATINGS_NOTE));
    }

    /**
     * True when a folder holding ratings.dat is MovieTweetings rather than MovieLens 1M/10M: its
     * users.dat has two fields (MovieLens 1M's has five), or, without users.dat, a rating in the
     * first lines of ratings.dat is above 5 or movies.dat's ids are zero-padded IMDb ids.
     */
    static boolean looksLikeIt(Path dir) {
        Path users = dir.resolve("users.dat");
        if (Files.isRegularFile(users)) {
            String first = firstLine(users);
            return first != null && TextFiles.splitAll(first, MovieLensDatReader.SEP).length == 2;
        }
        Path movies = dir.resolve("movies.dat");
        if (Files.isRegularFile(movies)) {
            String first = firstLine(movies);
            if (first != null && first.matches("0\\d{6,}::.*")) {
                return true;
            }
        }
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("ratings.dat"), StandardCharsets.ISO_8859_1)) {
            String line;
            for (int k = 0; k < LINES_LOOKED_AT && (line = r.readLine()) != null; k++) {
                String[] f = TextFiles.splitAll(line, MovieLensDatReader.SEP);
                if (f.length == 4 && f[2].trim().matches("\\d+(\\.\\d+)?") && Double.parseDouble(f[2].trim()) > 5) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir.resolve("ratings.dat") + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
