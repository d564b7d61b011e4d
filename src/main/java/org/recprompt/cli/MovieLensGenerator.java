package org.recprompt.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes a MovieLens "latest"-format dataset: {@code movies.csv} ({@code movieId,title,genres})
 * and {@code ratings.csv} ({@code userId,movieId,rating,timestamp}) sorted by user, with
 * Zipf-like item popularity, a skewed number of ratings per user, ratings in half stars and
 * increasing timestamps per user. Streams to disk; nothing row-sized is held in memory.
 */
final class MovieLensGenerator {

    static final String RATINGS = "ratings.csv";
    static final String MOVIES = "movies.csv";

    private static final String[] GENRES = {"Action", "Adventure", "Animation", "Children", "Comedy", "Crime",
        "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance",
        "Sci-Fi", "Thriller", "War", "Western"};
    /** Half-star ratings 0.5..5.0 with weights close to ml-25m's distribution. */
    private static final String[] RATING_TEXT = {"0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0"};
    private static final double[] RATING_WEIGHTS = {1.6, 3.1, 1.6, 6.6, 5.0, 19.6, 12.5, 26.6, 8.5, 14.5};
    private static final double ZIPF_EXPONENT = 1.0;
    private static final long FIRST_TIME = 789_652_009L;   // 1995-01-09, as ml-25m
    private static final long LAST_TIME = 1_574_327_703L;  // 2019-11-21

    private MovieLensGenerator() {
    }

    static void write(Path dir, int rows, int users, int items, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        writeMovies(dir.resolve(MOVIES), items, random.split());
        writeRatings(dir.resolve(RATINGS), rows, users, items, random.split());
    }

    private static void writeMovies(Path file, int items, SplittableRandom random) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("movieId,title,genres\n");
            StringBuilder line = new StringBuilder(128);
            for (int m = 1; m <= items; m++) {
                line.setLength(0);
                line.append(m).append(",Movie ").append(m).append(" (").append(1920 + random.nextInt(100)).append("),");
                int count = 1 + random.nextInt(3);
                int first = random.nextInt(GENRES.length);
                for (int g = 0; g < count; g++) {
                    if (g > 0) {
                        line.append('|');
                    }
                    // distinct genres: consecutive entries of the list, wrapping around
                    line.append(GENRES[(first + g) % GENRES.length]);
                }
                line.append('\n');
                w.append(line);
            }
        }
    }

    private static void writeRatings(Path file, int rows, int users, int items, SplittableRandom random) throws IOException {
        int[] perUser = ratingsPerUser(rows, users, items, random);
        double[] itemCdf = zipfCdf(items);
        int[] itemOfRank = shuffledIds(items, random);
        double[] ratingCdf = cdf(RATING_WEIGHTS);
        int[] seenBy = new int[items + 1];          // the last user (1-based) who rated each movie
        char[] buf = new char[64];
        try (Writer w = new BufferedWriter(
                new java.io.OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 20)) {
            w.write("userId,movieId,rating,timestamp\n");
            for (int u = 1; u <= users; u++) {
                int n = perUser[u - 1];
                if (n == 0) {
                    continue;
                }
                long span = Math.max(n, (long) (random.nextDouble() * random.nextDouble() * 3 * 365 * 86_400L));
                long time = FIRST_TIME + (long) (random.nextDouble() * (LAST_TIME - FIRST_TIME - span));
                long step = Math.max(1, span / n);
                for (int k = 0; k < n; k++) {
                    int movie = distinctItem(random, itemCdf, itemOfRank, seenBy, u, items);
                    time += 1 + random.nextLong(2 * step);
                    int len = appendLong(buf, 0, u);
                    buf[len++] = ',';
                    len = appendLong(buf, len, movie);
                    buf[len++] = ',';
                    String rating = RATING_TEXT[pick(ratingCdf, random.nextDouble())];
                    rating.getChars(0, 3, buf, len);
                    len += 3;
                    buf[len++] = ',';
                    len = appendLong(buf, len, time);
                    buf[len++] = '\n';
                    w.write(buf, 0, len);
                }
            }
        }
    }

    /** A movie the user has not rated yet, drawn by popularity (then the next unrated one). */
    static int distinctItem(SplittableRandom random, double[] cdf, int[] itemOfRank, int[] seenBy, int user,
                                    int items) {
        int rank = pick(cdf, random.nextDouble());
        for (int tries = 0; tries < 8 && seenBy[itemOfRank[rank]] == user; tries++) {
            rank = pick(cdf, random.nextDouble());
        }
        while (seenBy[itemOfRank[rank]] == user) {
            rank = rank + 1 == items ? 0 : rank + 1;
        }
        int movie = itemOfRank[rank];
        seenBy[movie] = user;
        return movie;
    }

    /**
     * How many ratings each user gives: log-normal weights (a few heavy raters, many light
     * ones), scaled to sum to {@code rows} exactly, each at most {@code items}.
     */
    static int[] ratingsPerUser(int rows, int users, int items, SplittableRandom random) {
        double[] weight = new double[users];
        double total = 0;
        for (int u = 0; u < users; u++) {
            weight[u] = Math.exp(1.2 * gaussian(random));
            total += weight[u];
        }
        int[] count = new int[users];
        double cumulative = 0;
        long given = 0;
        for (int u = 0; u < users; u++) {
            cumulative += weight[u];
            long upTo = Math.round(rows * (cumulative / total));
            count[u] = (int) Math.min(items, Math.max(0, upTo - given));
            given += count[u];
        }
        // Whatever rounding or the per-user cap left over goes to users with room, round-robin.
        long missing = rows - given;
        for (int u = 0; missing > 0; u = (u + 1) % users) {
            if (count[u] < items) {
                int add = (int) Math.min(missing, Math.min(items - count[u], Math.max(1, missing / users)));
                count[u] += add;
                missing -= add;
            }
        }
        return count;
    }

    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double[] zipfCdf(int items) {
        double[] w = new double[items];
        for (int r = 0; r < items; r++) {
            w[r] = 1.0 / Math.pow(r + 1, ZIPF_EXPONENT);
        }
        return cdf(w);
    }

    static double[] cdf(double[] weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int k = 0; k < weights.length; k++) {
            sum += weights[k];
            c[k] = sum;
        }
        for (int k = 0; k < c.length; k++) {
            c[k] /= sum;
        }
        c[c.length - 1] = 1.0;
        return c;
    }

    /** The first index whose cumulative probability exceeds x. */
    static int pick(double[] cdf, double x) {
        int i = Arrays.binarySearch(cdf, x);
        i = i >= 0 ? i + 1 : -i - 1;
        return Math.min(i, cdf.length - 1);
    }

    /** Movie ids 1..items in random order: rank r's movie, so popularity is not tied to id. */
    static int[] shuffledIds(int items, SplittableRandom random) {
        int[] ids = new int[items];
        for (int k = 0; k < items; k++) {
            ids[k] = k + 1;
        }
        for (int k = items - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = ids[k];
            ids[k] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    /** Writes the decimal digits of a non-negative number into buf at pos; returns the new end. */
    static int appendLong(char[] buf, int pos, long v) {
        if (v == 0) {
            buf[pos] = '0';
            return pos + 1;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int k = end - 1; k >= pos; k--) {
            buf[k] = (char) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }
}
