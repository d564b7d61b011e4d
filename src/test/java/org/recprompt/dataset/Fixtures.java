package org.recprompt.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small datasets built in code, for tests: rows are "user item rating timestamp". */
public final class Fixtures {

    private Fixtures() {
    }

    /** Upload staging under {@code workspace}'s tmp with small limits: upload bytes, then unpacked bytes and entries. */
    public static DatasetUploads uploads(org.recprompt.workspace.WorkspaceSettings workspace, long maxBytes, long unzipBytes,
            long unzipEntries) {
        return new DatasetUploads(workspace, maxBytes, unzipBytes, unzipEntries);
    }

    /** A dataset with items "1".."itemCount" (no genres) and the given rows. */
    public static Dataset of(int itemCount, String... rows) {
        String[] titles = new String[itemCount];
        for (int i = 0; i < itemCount; i++) {
            titles[i] = "Movie " + (i + 1);
        }
        return withTitles(titles, new String[itemCount], rows);
    }

    /**
     * A dataset whose items "1".."n" have the given titles (taken literally; a trailing "(yyyy)"
     * gives the year) and genres ("Comedy|Drama"; null or "" for none), and the given rows.
     */
    public static Dataset withTitles(String[] titleList, String[] genreList, String... rows) {
        int itemCount = titleList.length;
        IdIndex items = new IdIndex();
        String[] titles = titleList.clone();
        int[] years = new int[itemCount];
        int[][] genres = new int[itemCount][];
        List<String> genreNames = new ArrayList<>();
        for (int i = 0; i < itemCount; i++) {
            items.add(String.valueOf(i + 1));
            var year = java.util.regex.Pattern.compile("\\((\\d{4})\\)\\s*$").matcher(titles[i]);
            years[i] = year.find() ? Integer.parseInt(year.group(1)) : 0;
            String g = genreList[i];
            if (g == null || g.isEmpty()) {
                genres[i] = new int[0];
                continue;
            }
            String[] names = g.split("\\|");
            genres[i] = new int[names.length];
            for (int k = 0; k < names.length; k++) {
                if (!genreNames.contains(names[k])) {
                    genreNames.add(names[k]);
                }
                genres[i][k] = genreNames.indexOf(names[k]);
            }
        }
        IdIndex users = new IdIndex();
        List<int[]> parsed = new ArrayList<>();
        List<Float> ratings = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (String row : rows) {
            String[] f = row.trim().split("\\s+");
            int u = users.add(f[0]);
            int i = items.find(f[1]);
            if (i < 0) {
                throw new IllegalArgumentException("no item " + f[1]);
            }
            parsed.add(new int[] {u, i});
            ratings.add(Float.parseFloat(f[2]));
            times.add(Long.parseLong(f[3]));
        }
        int n = parsed.size();
        int[] us = new int[n];
        int[] is = new int[n];
        float[] rs = new float[n];
        long[] ts = new long[n];
        for (int k = 0; k < n; k++) {
            us[k] = parsed.get(k)[0];
            is[k] = parsed.get(k)[1];
            rs[k] = ratings.get(k);
            ts[k] = times.get(k);
        }
        return new Dataset("fixture", "test", new Items(items, titles, years, genres, List.copyOf(genreNames), Map.of(), null),
                new Users(users, Map.of()), new Interactions(us, is, rs, ts));
    }
}
