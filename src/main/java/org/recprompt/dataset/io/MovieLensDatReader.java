package org.recprompt.dataset.io;

import java.nio.file.Files;
import java.nio.file.Path;


import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;

/**
 * MovieLens 1M and 10M: {@code ratings.dat} ({@code UserID::MovieID::Rating::Timestamp}),
 * {@code movies.dat} ({@code MovieID::Title (Year)::Genre|Genre}) and, in 1M,
 * {@code users.dat} ({@code UserID::Gender::Age::Occupation::Zip-code}; age and occupation codes become
 * their labels, {@link Ml1mUserCodes}). 1M's text files are
 * Latin-1; 10M's are UTF-8; both are accepted.
 */
final class MovieLensDatReader {

    static final String SEP = "::";

    private MovieLensDatReader() {
    }

    static Dataset read(Path dir, String name, DuplicatePolicy policy) {
        DatasetBuilder b = new DatasetBuilder(policy);
        readMovies(b, dir.resolve("movies.dat"), true);
        Path users = dir.resolve("users.dat");
        if (Files.exists(users)) {
            TextFiles.eachLine(users, true, (n, line) -> {
                String[] f = TextFiles.split(users, n, line, SEP, 5);
                int user = b.addUser(users, n, f[0].trim());
                b.userAttribute(user, "gender", f[1].trim());
                Ml1mUserCodes.decode(b, user, users, n, f[2].trim(), f[3].trim());
                b.userAttribute(user, "zip", f[4].trim());
            });
        }
        Path ratings = dir.resolve("ratings.dat");
        TextFiles.streamLines(ratings, (n, line) -> {
            String[] f = TextFiles.split(ratings, n, line, SEP, 4);
            b.addInteraction(ratings, n, f[0], f[1], DatasetBuilder.parseRating(ratings, n, f[2]),
                    DatasetBuilder.parseTimestamp(ratings, n, f[3]));
        });
        return b.build(name, DatasetFormat.MOVIELENS_DAT.id(), ratings);
    }


    /**
     * Adds the items of a {@code movies.dat} ({@code MovieID::Title (Year)::Genre|Genre}), when
     * there is one; Latin-1 is accepted where the release used it (ML-1M), else only UTF-8.
     */
    static void readMovies(DatasetBuilder b, Path movies, boolean latin1Allowed) {
        if (Files.exists(movies)) {
            TextFiles.eachLine(movies, latin1Allowed, (n, line) -> {
                String[] f = TextFiles.split(movies, n, line, SEP, 3);
                b.addItem(movies, n, f[0].trim(), f[1].trim(), 0, MovieLensCsvReader.genres(f[2]));
            });
        }
    }
}
