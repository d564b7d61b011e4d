package org.recprompt.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an Amazon Reviews 2023 layout for the dataset-load benchmark: {@code Bench.jsonl.gz}
 * (one review per line with the published fields: rating, title, a review text of a few hundred
 * bytes, images, asin, parent_asin, a 28-character user_id, a timestamp in milliseconds,
 * helpful_vote, verified_purchase) and {@code meta_Bench.jsonl.gz} (one product per parent_asin
 * with main_category, title, features, description, images, store, a category path, details).
 * Users are grouped, items drawn with Zipf-like popularity, each user's products distinct, one
 * review in five is of a variant asin of its parent. Streams to disk; nothing row-sized is held.
 */
final class Amazon2023Generator {

    static final String REVIEWS = "Bench.jsonl.gz";
    static final String META = "meta_Bench.jsonl.gz";
    static final List<String> FILES = List.of(REVIEWS, META);

    private static final String[] RATINGS = {"1.0", "2.0", "3.0", "4.0", "5.0"};
    private static final double[] RATING_WEIGHTS = {8, 5, 8, 15, 64};
    private static final long FIRST_MS = 1_262_304_000_000L; // 2010-01-01
    private static final long LAST_MS = 1_694_476_800_000L;  // 2023-09-12
    private static final String[] LEVEL2 = {"Skin Care", "Hair Care", "Makeup", "Fragrance", "Foot, Hand & Nail Care",
        "Tools & Accessories", "Shave & Hair Removal", "Personal Care", "Oral Care", "Sports Nutrition", "Camping & Hiking",
        "Cycling", "Fitness", "Toys", "Puzzles", "Kitchen", "Bedding", "Lighting", "Office", "Pet Supplies"};
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Amazon2023Generator() {
    }

    static void write(Path dir, int rows, int users, int items, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = vocabulary(random.split());
        writeMeta(dir.resolve(META), items, words, random.split());
        writeReviews(dir.resolve(REVIEWS), rows, users, items, words, random.split());
    }

    /** A gzip writer at the fastest compression level (the benchmark times reading, not writing). */
    private static Writer gzipWriter(Path file) throws IOException {
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 20);
    }

    private static String[] vocabulary(SplittableRandom random) {
        String[] words = new String[2000];
        for (int k = 0; k < words.length; k++) {
            StringBuilder w = new StringBuilder();
            int len = 2 + random.nextInt(9);
            for (int c = 0; c < len; c++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words[k] = w.toString();
        }
        return words;
    }

    private static void words(StringBuilder s, String[] words, SplittableRandom random, int n) {
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                s.append(' ');
            }
            s.append(words[random.nextInt(words.length)]);
        }
    }

    static String asin(int item) {
        StringBuilder s = new StringBuilder("B0");
        long v = item * 2_654_435_761L & 0xFFFFFFFFFFL;
        for (int k = 0; k < 8; k++) {
            s.append(Character.toUpperCase(Character.forDigit((int) (v % 36), 36)));
            v /= 36;
        }
        return s.toString();
    }

    static String userId(int user) {
        StringBuilder s = new StringBuilder("A");
        long v = user * 0x9E3779B97F4A7C15L;
        for (int k = 0; k < 27; k++) {
            s.append(ALPHABET.charAt((int) ((v >>> 59) & 31)));
            v = v * 6364136223846793005L + 1442695040888963407L;
        }
        return s.toString();
    }

    private static void writeMeta(Path file, int items, String[] words, SplittableRandom random) throws IOException {
        StringBuilder s = new StringBuilder(4096);
        try (Writer w = gzipWriter(file)) {
            for (int i = 1; i <= items; i++) {
                s.setLength(0);
                String id = asin(i);
                s.append("{\"main_category\": \"All Beauty\", \"title\": \"");
                words(s, words, random, 6 + random.nextInt(14));
                s.append("\", \"average_rating\": ").append(1 + random.nextInt(40) / 10.0)
                        .append(", \"rating_number\": ").append(random.nextInt(5000)).append(", \"features\": [");
                for (int f = 0; f < 3; f++) {
                    s.append(f > 0 ? ", \"" : "\"");
                    words(s, words, random, 10 + random.nextInt(10));
                    s.append('"');
                }
                s.append("], \"description\": [\"");
                words(s, words, random, 30 + random.nextInt(40));
                s.append("\"], \"price\": ").append(random.nextInt(10) == 0 ? "null" : (1 + random.nextInt(9000)) / 100.0)
                        .append(", \"images\": [");
                for (int m = 0; m < 2; m++) {
                    String img = "https://m.media-amazon.com/images/I/" + id + m;
                    s.append(m > 0 ? ", " : "").append("{\"thumb\": \"").append(img).append("._SS40_.jpg\", \"large\": \"")
                            .append(img).append(".jpg\", \"variant\": \"").append(m == 0 ? "MAIN" : "PT01")
                            .append("\", \"hi_res\": \"").append(img).append("._SL1500_.jpg\"}");
                }
                s.append("], \"videos\": [], \"store\": \"");
                words(s, words, random, 1 + random.nextInt(2));
                s.append("\", \"categories\": [\"Beauty & Personal Care\", \"").append(LEVEL2[random.nextInt(LEVEL2.length)])
                        .append("\", \"");
                words(s, words, random, 2);
                s.append("\"], \"details\": {\"Package Dimensions\": \"7.1 x 5.5 x 3 inches\", \"UPC\": \"")
                        .append(100_000_000_000L + i).append("\"}, \"parent_asin\": \"").append(id)
                        .append("\", \"bought_together\": null}\n");
                w.append(s);
            }
        }
    }

    private static void writeReviews(Path file, int rows, int users, int items, String[] words, SplittableRandom random)
            throws IOException {
        int[] perUser = MovieLensGenerator.ratingsPerUser(rows, users, items, random);
        double[] itemCdf = MovieLensGenerator.zipfCdf(items);
        int[] itemOfRank = MovieLensGenerator.shuffledIds(items, random);
        double[] ratingCdf = MovieLensGenerator.cdf(RATING_WEIGHTS);
        int[] seenBy = new int[items + 1];
        StringBuilder s = new StringBuilder(2048);
        try (Writer w = gzipWriter(file)) {
            for (int u = 1; u <= users; u++) {
                int n = perUser[u - 1];
                if (n == 0) {
                    continue;
                }
                String user = userId(u);
                long time = FIRST_MS + (long) (random.nextDouble() * (LAST_MS - FIRST_MS - 86_400_000L * n));
                for (int k = 0; k < n; k++) {
                    int item = MovieLensGenerator.distinctItem(random, itemCdf, itemOfRank, seenBy, u, items);
                    time += 1000 + random.nextLong(86_400_000L);
                    String parent = asin(item);
                    s.setLength(0);
                    s.append("{\"rating\": ").append(RATINGS[MovieLensGenerator.pick(ratingCdf, random.nextDouble())])
                            .append(", \"title\": \"");
                    words(s, words, random, 2 + random.nextInt(6));
                    s.append("\", \"text\": \"");
                    words(s, words, random, 40 + random.nextInt(80));
                    s.append("\", \"images\": [], \"asin\": \"").append(random.nextInt(5) == 0 ? asin(items + item) : parent)
                            .append("\", \"parent_asin\": \"").append(parent).append("\", \"user_id\": \"").append(user)
                            .append("\", \"timestamp\": ").append(time).append(", \"helpful_vote\": ").append(random.nextInt(4))
                            .append(", \"verified_purchase\": ").append(random.nextInt(10) > 0).append("}\n");
                    w.append(s);
                }
            }
        }
    }
}
