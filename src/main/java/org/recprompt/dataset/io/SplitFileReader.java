package org.recprompt.dataset.io;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * One file of a predefined split (a paper's train, validation or test file): lines of
 * {@code user, item[, rating[, timestamp]]} separated by tabs or commas (the first line decides),
 * with or without a header. This reads Elliot's TSVs (no header) and RecBole's benchmark files
 * ({@code NAME.train.inter}, ...) whose typed header ({@code user_id:token	item_id:token	rating:float})
 * names the columns in any order.
 *
 * <p>The first line is a header when it is RecBole's typed header; or when its third (rating) or
 * fourth (timestamp) field is not a number or a time; or when its user or item field is a column
 * name (user, user_id, userId, item, item_id, movieId, ...); or when its user or item field is not
 * a number while the second line's is; but never when the dataset knows its user and item. A plain header's columns are taken by name when it names
 * both the user and the item column, else by position. Further columns are ignored.
 *
 * <p>Ids are resolved as they are read by {@link Ids}: an id it does not know is an error naming
 * the file, the line and the id, as is a line with a field count other than the first line's, an
 * empty id, a rating that is not a finite number or a timestamp that is neither epoch seconds nor an
 * ISO date. An empty rating field is no rating (NaN); an empty timestamp field is time 0.
 */
public final class SplitFileReader {

    /** Resolves the file's external ids to the dataset's indices; -1 when the dataset has no such id. */
    public interface Ids {
        int user(String id);

        int item(String id);

        /**
         * Whether both ids are known (then a first line holding them is data, not a header); false
         * when the resolver cannot tell (it adds every id it is given).
         */
        default boolean knows(String user, String item) {
            return false;
        }

        /**
         * Whether {@link #knows} can tell (a dataset's ids); without it, ids that merely look unlike the
         * next line's (an ISBN ending in X above one that does not) never make a header.
         */
        default boolean canTell() {
            return false;
        }
    }

    /**
     * A file's interactions in file order.
     *
     * @param rated whether the file has a rating column
     * @param timed whether the file has a timestamp column
     * @param header whether the first line was a header
     * @param separator the field separator, tab or comma
     */
    public record Rows(Path file, int[] users, int[] items, float[] ratings, long[] timestamps, boolean rated,
            boolean timed, boolean header, char separator) {

        public int size() {
            return users.length;
        }
    }

    private static final Set<String> RECBOLE_TYPES = Set.of("token", "token_seq", "float", "float_seq");
    private static final Set<String> USER_NAMES = Set.of("user", "userid", "uid", "users", "reviewerid", "customerid",
            "visitorid", "sessionid");
    private static final Set<String> ITEM_NAMES = Set.of("item", "itemid", "iid", "items", "movie", "movieid",
            "book", "bookid", "isbn", "product", "productid", "asin", "track", "trackid", "artist", "artistid", "businessid",
            "parentasin");
    private static final Set<String> RATING_NAMES = Set.of("rating", "ratings", "score", "stars", "overall", "label", "value");
    private static final Set<String> TIME_NAMES = Set.of("timestamp", "time", "date", "datetime", "unixreviewtime",
            "ts");

    private SplitFileReader() {
    }

    /** Reads the file, resolving every id through {@code ids}. */
    public static Rows read(Path file, Ids ids) {
        State s = new State(file, ids);
        TextFiles.streamLines(file, s::line);
        return s.finish();
    }

    /** The reading state: the first line is held until the second decides whether it is a header. */
    private static final class State {
        final Path file;
        final Ids ids;
        String separator;
        long pendingNumber;
        String[] pending;
        String pendingText;
        boolean decided;
        boolean header;
        int fieldCount;
        int userCol = 0;
        int itemCol = 1;
        int ratingCol = -1;
        int timeCol = -1;
        final PrimitiveLists.Ints users = new PrimitiveLists.Ints();
        final PrimitiveLists.Ints items = new PrimitiveLists.Ints();
        final PrimitiveLists.Floats ratings = new PrimitiveLists.Floats();
        final PrimitiveLists.Longs times = new PrimitiveLists.Longs();

        State(Path file, Ids ids) {
            this.file = file;
            this.ids = ids;
        }

        void line(long number, String text) {
            if (separator == null) {
                separator = text.indexOf('\t') >= 0 ? "\t" : text.indexOf(',') >= 0 ? "," : null;
                if (separator == null) {
                    throw new DatasetFormatException(file, number, "expected user and item separated by a tab or a comma",
                            text);
                }
            }
            String[] f = fields(text);
            if (!decided) {
                if (pending == null) {
                    fieldCount = f.length;
                    if (f.length < 2) {
                        throw new DatasetFormatException(file, number, "expected user and item separated by a "
                                + name(separator), text);
                    }
                    if (typedHeader(f)) {
                        typed(number, f, text);
                        decided = true;
                        header = true;
                        return;
                    }
                    pending = f;
                    pendingText = text;
                    pendingNumber = number;
                    return;
                }
                decide(f);
                if (!header) {
                    data(pendingNumber, pending, pendingText);
                }
                pending = null;
            }
            data(number, f, text);
        }

        Rows finish() {
            if (!decided && pending != null) {
                decide(null);
                if (!header) {
                    data(pendingNumber, pending, pendingText);
                }
            }
            if (users.size == 0) {
                throw new DatasetFormatException(file, "holds no interactions (expected lines user, item[, rating[, "
                        + "timestamp]] after an optional header)");
            }
            boolean rated = ratingCol >= 0;
            boolean timed = timeCol >= 0;
            return new Rows(file, users.toArray(), items.toArray(), ratings.toArray(), times.toArray(), rated, timed,
                    header, separator.charAt(0));
        }

        /** Decides whether the held first line is a header, looking at the second line (null: there is none). */
        void decide(String[] next) {
            String[] f = pending;
            boolean names = USER_NAMES.contains(key(f[0])) || ITEM_NAMES.contains(key(f[1]));
            boolean badRating = f.length >= 3 && !f[2].isEmpty() && !isNumber(f[2]);
            boolean badTime = f.length >= 4 && !f[3].isEmpty() && !isTime(f[3]);
            boolean unlikeData = ids.canTell() && next != null && next.length >= 2
                    && ((!isNumber(f[0]) && isNumber(next[0])) || (!isNumber(f[1]) && isNumber(next[1])));
            header = !ids.knows(f[userCol], f[itemCol]) && (names || badRating || badTime || unlikeData);
            decided = true;
            if (header) {
                byName(f);
            } else {
                positional(f.length);
            }
        }

        /** A plain header: columns by name when it names the user and the item column, else by position. */
        void byName(String[] f) {
            int u = find(f, USER_NAMES);
            int i = find(f, ITEM_NAMES);
            if (u >= 0 && i >= 0 && u != i) {
                userCol = u;
                itemCol = i;
                ratingCol = find(f, RATING_NAMES);
                timeCol = find(f, TIME_NAMES);
            } else {
                positional(f.length);
            }
        }

        void positional(int count) {
            userCol = 0;
            itemCol = 1;
            ratingCol = count >= 3 ? 2 : -1;
            timeCol = count >= 4 ? 3 : -1;
        }

        /** RecBole's typed header: user_id and item_id required, rating and timestamp when present. */
        void typed(long number, String[] f, String text) {
            userCol = itemCol = ratingCol = timeCol = -1;
            for (int k = 0; k < f.length; k++) {
                String name = f[k].substring(0, f[k].lastIndexOf(':')).strip().toLowerCase(Locale.ROOT);
                if (name.equals("user_id") && userCol < 0) {
                    userCol = k;
                } else if (name.equals("item_id") && itemCol < 0) {
                    itemCol = k;
                } else if (name.equals("rating") && ratingCol < 0) {
                    ratingCol = k;
                } else if (name.equals("timestamp") && timeCol < 0) {
                    timeCol = k;
                }
            }
            if (userCol < 0 || itemCol < 0) {
                throw new DatasetFormatException(file, number, "the typed header names no " + (userCol < 0 ? "user_id" : "item_id")
                        + " field (RecBole headers look like user_id:token" + "\\t" + "item_id:token)", text);
            }
        }

        void data(long number, String[] f, String text) {
            if (f.length != fieldCount) {
                throw new DatasetFormatException(file, number, "expected " + fieldCount + " fields separated by a "
                        + name(separator) + " (as on the first line) but found " + f.length, text);
            }
            String user = f[userCol];
            String item = f[itemCol];
            if (user.isEmpty() || item.isEmpty()) {
                throw new DatasetFormatException(file, number, "the " + (user.isEmpty() ? "user" : "item") + " field is empty",
                        text);
            }
            int u = ids.user(user);
            if (u < 0) {
                throw new DatasetFormatException(file, number, "user " + user + " is not in the dataset", null);
            }
            int i = ids.item(item);
            if (i < 0) {
                throw new DatasetFormatException(file, number, "item " + item + " is not in the dataset", null);
            }
            float rating = Float.NaN;
            if (ratingCol >= 0 && !f[ratingCol].isEmpty()) {
                rating = DatasetBuilder.parseRating(file, number, f[ratingCol]);
            }
            long time = timeCol >= 0 ? DatasetBuilder.parseTimestamp(file, number, f[timeCol]) : 0;
            users.add(u);
            items.add(i);
            ratings.add(rating);
            times.add(time);
        }

        String[] fields(String text) {
            String[] f = TextFiles.splitAll(text, separator);
            for (int k = 0; k < f.length; k++) {
                f[k] = unquote(f[k].strip());
            }
            return f;
        }
    }

    /** A field in double quotes (a CSV writer's habit) loses them. */
    private static String unquote(String s) {
        return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"'
                ? s.substring(1, s.length() - 1).replace("\"\"", "\"").strip() : s;
    }

    private static boolean typedHeader(String[] f) {
        for (String field : f) {
            int colon = field.lastIndexOf(':');
            if (colon <= 0 || !RECBOLE_TYPES.contains(field.substring(colon + 1).strip().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private static int find(String[] f, Set<String> names) {
        for (int k = 0; k < f.length; k++) {
            if (names.contains(key(f[k]))) {
                return k;
            }
        }
        return -1;
    }

    /** A column name compared without case, spaces, dashes and underscores: user_id, userId and "User ID" are one. */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isTime(String s) {
        try {
            DatasetBuilder.parseTimestamp(null, 0, s);
            return true;
        } catch (DatasetFormatException e) {
            return false;
        }
    }

    private static String name(String separator) {
        return separator.equals("\t") ? "tab" : "comma";
    }
}
