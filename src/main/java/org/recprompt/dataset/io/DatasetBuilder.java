package org.recprompt.dataset.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.IdIndex;
import org.recprompt.dataset.Interactions;
import org.recprompt.dataset.Items;
import org.recprompt.dataset.Users;

/**
 * Collects what the readers parse and checks it as it comes: duplicate item or user ids, and
 * interactions that name items or users missing from the catalog files, are errors naming the
 * file and line. Once an items file was read the catalog is closed; likewise users.
 */
final class DatasetBuilder {

    private static final Pattern YEAR_IN_TITLE = Pattern.compile("\\((\\d{4})(?:[-\u2013]\\d{0,4})?\\)\\s*$");

    private final IdIndex itemIds = new IdIndex();
    private final List<String> titles = new ArrayList<>();
    private final PrimitiveLists.Ints years = new PrimitiveLists.Ints();
    private final List<int[]> genres = new ArrayList<>();
    private final IdIndex genreNames = new IdIndex();
    private final Map<String, List<String>> itemAttributes = new LinkedHashMap<>();
    private final IdIndex userIds = new IdIndex();
    private final Map<String, List<String>> userAttributes = new LinkedHashMap<>();
    private final PrimitiveLists.Ints rowUsers = new PrimitiveLists.Ints();
    private final PrimitiveLists.Ints rowItems = new PrimitiveLists.Ints();
    private final PrimitiveLists.Floats rowRatings = new PrimitiveLists.Floats();
    private final PrimitiveLists.Longs rowTimes = new PrimitiveLists.Longs();
    private Path itemsFile;
    private Path usersFile;

    /** Declares the genre vocabulary in a fixed order (ml-100k's u.genre). */
    void genre(String name) {
        genreNames.add(name);
    }

    int addItem(Path file, long line, String id, String title, int year, List<String> itemGenres) {
        if (itemIds.contains(id)) {
            throw new DatasetFormatException(file, line, "item id " + id + " appears twice", null);
        }
        itemsFile = file;
        int index = itemIds.add(id);
        titles.add(title);
        years.add(year > 0 ? year : yearOf(title));
        int[] g = new int[itemGenres.size()];
        for (int k = 0; k < g.length; k++) {
            g[k] = genreNames.add(itemGenres.get(k));
        }
        genres.add(g);
        return index;
    }

    void itemAttribute(int item, String name, String value) {
        set(itemAttributes, name, item, value);
    }

    int addUser(Path file, long line, String id) {
        if (userIds.contains(id)) {
            throw new DatasetFormatException(file, line, "user id " + id + " appears twice", null);
        }
        usersFile = file;
        return userIds.add(id);
    }

    void userAttribute(int user, String name, String value) {
        set(userAttributes, name, user, value);
    }

    void addInteraction(Path file, long line, String user, String item, float rating, long timestamp) {
        int u;
        if (usersFile != null) {
            u = userIds.find(user);
            if (u < 0) {
                throw new DatasetFormatException(file, line, "user " + user + " is not in " + usersFile.getFileName(), null);
            }
        } else {
            u = userIds.add(user);
        }
        int i = itemIds.find(item);
        if (i < 0) {
            if (itemsFile != null) {
                throw new DatasetFormatException(file, line, "item " + item + " is not in " + itemsFile.getFileName(), null);
            }
            i = itemIds.add(item);
            titles.add(item);
            years.add(0);
            genres.add(new int[0]);
        }
        rowUsers.add(u);
        rowItems.add(i);
        rowRatings.add(rating);
        rowTimes.add(timestamp);
    }

    /** The index of an item id, or -1. */
    int itemIndex(String id) {
        return itemIds.find(id);
    }

    boolean hasItemsFile() {
        return itemsFile != null;
    }

    int interactionCount() {
        return rowUsers.size;
    }

    Dataset build(String name, String format, Path interactionsFile) {
        if (rowUsers.size == 0) {
            throw new DatasetFormatException(interactionsFile, "holds no interactions");
        }
        int[] yearArray = Arrays.copyOf(years.data, years.size);
        List<String> genreList = new ArrayList<>();
        for (int g = 0; g < genreNames.size(); g++) {
            genreList.add(genreNames.id(g));
        }
        Items items = new Items(itemIds, titles.toArray(String[]::new), yearArray, genres.toArray(int[][]::new),
                List.copyOf(genreList), columns(itemAttributes, itemIds.size()), null);
        Users users = new Users(userIds, columns(userAttributes, userIds.size()));
        Interactions interactions = new Interactions(rowUsers.toArray(), rowItems.toArray(), rowRatings.toArray(),
                rowTimes.toArray());
        return new Dataset(name, format, items, users, interactions);
    }

    /** The year at the end of a MovieLens-style title, "Heat (1995)", or 0. */
    static int yearOf(String title) {
        Matcher m = YEAR_IN_TITLE.matcher(title);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static void set(Map<String, List<String>> columns, String name, int row, String value) {
        List<String> column = columns.computeIfAbsent(name, k -> new ArrayList<>());
        while (column.size() <= row) {
            column.add(null);
        }
        column.set(row, value);
    }

    private static Map<String, String[]> columns(Map<String, List<String>> columns, int rows) {
        Map<String, String[]> out = new HashMap<>();
        columns.forEach((name, values) -> out.put(name, Arrays.copyOf(values.toArray(String[]::new), rows)));
        return Map.copyOf(out);
    }

    static float parseRating(Path file, long line, String text) {
        try {
            return Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, line, "the rating field is not a number", null);
        }
    }

    static long parseTimestamp(Path file, long line, String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return 0;
        }
        try {
            if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
                return (long) Double.parseDouble(t);
            }
            long v = Long.parseLong(t);
            return v > 100_000_000_000L ? v / 1000 : v;
        } catch (NumberFormatException e) {
            try {
                return java.time.Instant.parse(t).getEpochSecond();
            } catch (java.time.format.DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
                } catch (java.time.format.DateTimeParseException e3) {
                    throw new DatasetFormatException(file, line, "the timestamp field is neither seconds"
                            + " since 1970 nor an ISO-8601 date", null);
                }
            }
        }
    }
}
