package org.recprompt.dataset.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;

/**
 * MovieLens 100K: {@code u.data} (tab-separated user, item, rating, timestamp), {@code u.item}
 * (Latin-1, '|'-separated: id, title, release date, video release date, IMDb URL, 19 genre
 * flags), {@code u.user} (id, age, gender, occupation, zip) and {@code u.genre}.
 */
final class MovieLens100kReader {

    static final String[] DEFAULT_GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
        "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
        "Thriller", "War", "Western"};

    private MovieLens100kReader() {
    }

    static Dataset read(Path dir, String name, DuplicatePolicy policy) {
        DatasetBuilder b = new DatasetBuilder(policy);
        String[] genres = genres(dir);
        for (String g : genres) {
            b.genre(g);
        }
        Path items = dir.resolve("u.item");
        if (Files.exists(items)) {
            TextFiles.eachLine(items, true, (n, line) -> {
                String[] f = TextFiles.split(items, n, line, "|", 5 + genres.length);
                List<String> itemGenres = new ArrayList<>();
                for (int g = 0; g < genres.length; g++) {
                    String flag = f[5 + g].trim();
                    if (flag.equals("1")) {
                        itemGenres.add(genres[g]);
                    } else if (!flag.equals("0")) {
                        throw new DatasetFormatException(items, n, "genre flag " + (g + 1) + " (field " + (6 + g)
                                + ") is not 0 or 1", line);
                    }
                }
                int year = f[2].length() >= 4 ? parseYear(f[2].substring(f[2].length() - 4)) : 0;
                int item = b.addItem(items, n, f[0].trim(), f[1].trim(), DatasetBuilder.yearOf(f[1]) > 0 ? 0 : year,
                        itemGenres);
                attribute(b, item, "release_date", f[2]);
                attribute(b, item, "imdb_url", f[4]);
            });
        }
        Path users = dir.resolve("u.user");
        if (Files.exists(users)) {
            TextFiles.eachLine(users, true, (n, line) -> {
                String[] f = TextFiles.split(users, n, line, "|", 5);
                int user = b.addUser(users, n, f[0].trim());
                b.userAttribute(user, "age", f[1].trim());
                b.userAttribute(user, "gender", f[2].trim());
                b.userAttribute(user, "occupation", f[3].trim());
                b.userAttribute(user, "zip", f[4].trim());
            });
        }
        Path data = dir.resolve("u.data");
        TextFiles.streamLines(data, (n, line) -> {
            String[] f = TextFiles.split(data, n, line, "\t", 4);
            b.addInteraction(data, n, f[0], f[1], DatasetBuilder.parseRating(data, n, f[2]),
                    DatasetBuilder.parseTimestamp(data, n, f[3]));
        });
        return b.build(name, DatasetFormat.MOVIELENS_100K.id(), data);
    }

    private static void attribute(DatasetBuilder b, int item, String name, String value) {
        if (!value.isBlank()) {
            b.itemAttribute(item, name, value.trim());
        }
    }

    private static int parseYear(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String[] genres(Path dir) {
        Path file = dir.resolve("u.genre");
        if (!Files.exists(file)) {
            return DEFAULT_GENRES;
        }
        List<String> names = new ArrayList<>();
        TextFiles.eachLine(file, true, (n, line) -> {
            String[] f = TextFiles.split(file, n, line, "|", 2);
            int index;
            try {
                index = Integer.parseInt(f[1].trim());
            } catch (NumberFormatException e) {
                throw new DatasetFormatException(file, n, "the genre index is not a number", line);
            }
            if (index != names.size()) {
                throw new DatasetFormatException(file, n, "genre indices must count up from 0", line);
            }
            names.add(f[0].trim());
        });
        return names.toArray(String[]::new);
    }
}
