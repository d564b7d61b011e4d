package org.recprompt.dataset.split;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.IdIndex;
import org.recprompt.dataset.Interactions;
import org.recprompt.dataset.Items;
import org.recprompt.dataset.Users;
import org.recprompt.dataset.io.SplitFileReader;

/**
 * A split read from files, such as a paper's published train and test files (Elliot's TSVs,
 * RecBole's {@code NAME.train.inter}/{@code .valid.inter}/{@code .test.inter}); see
 * {@link SplitFileReader} for what a file may look like.
 *
 * <p>The split's dataset holds exactly the files' interactions (train, then validation, then test
 * rows), over the base dataset's users and items (titles, genres and attributes kept); ratings and
 * timestamps are the files' (NaN and 0 where a file has none). The test file's rows are held out.
 * <b>The validation file</b>, when given, is part of every user's known history when the test file
 * is scored (prompts, rankers and samplers see it), never relevant, and not training for the
 * metrics: {@link Split#isValidation} rows are left out of popularity and out of Elliot's candidate
 * filter, as those frameworks count the training file only: the method string says so
 * ({@code predefined(train.tsv, test.tsv, valid.tsv as history)}). Each user's interactions are
 * taken in time order when every file has a timestamp column, else in the files' row order (train
 * rows, then validation rows).
 */
public final class PredefinedSplits {

    /** The format id of a dataset made from split files alone (no base dataset). */
    public static final String FORMAT = "predefined-split";

    private PredefinedSplits() {
    }

    /**
     * A split read from files, with what was read.
     *
     * @param trainRows interactions in the train file
     * @param validRows interactions in the validation file (0 when none was given)
     * @param testRows interactions in the test file
     * @param rated whether every file has a rating column
     * @param timed whether every file has a timestamp column (else the files' row order stands for time)
     */
    public record Loaded(Split split, int trainRows, int validRows, int testRows, boolean rated, boolean timed) {

        /** One sentence about what was read, for a dialog or a log. */
        public String summary() {
            var d = split.dataset();
            int users = 0;
            for (int u = 0; u < d.users().size(); u++) {
                if (d.countOf(u) > 0) {
                    users++;
                }
            }
            int[] counts = d.itemCounts();
            int items = (int) Arrays.stream(counts).filter(c -> c > 0).count();
            return trainRows + " training, " + (validRows > 0 ? validRows + " validation (history), " : "") + testRows
                    + " test interactions of " + users + " users and " + items + " items; "
                    + split.evaluableUsers().length + " users with both training and test interactions; "
                    + (rated ? "with ratings" : "without ratings") + ", "
                    + (timed ? "ordered by timestamp" : "in the files' row order");
        }
    }

    /** Reads the split files against a dataset: every id must be the dataset's. {@code valid} may be null. */
    public static Split read(Dataset base, Path train, Path test, Path valid) {
        return load(base, train, test, valid).split();
    }

    /** As {@link #read(Dataset, Path, Path, Path)}, with what was read. */
    public static Loaded load(Dataset base, Path train, Path test, Path valid) {
        SplitFileReader.Ids ids = new SplitFileReader.Ids() {
            @Override
            public int user(String id) {
                return base.users().indexOf(id);
            }

            @Override
            public int item(String id) {
                return base.items().indexOf(id);
            }

            @Override
            public boolean canTell() {
                return true;
            }

            @Override
            public boolean knows(String user, String item) {
                return user(user) >= 0 && item(item) >= 0;
            }
        };
        return build(base, base.items(), base.users(), base.name(), read(train, test, valid, ids), train, test, valid);
    }

    /**
     * Reads split files without a dataset: the catalog is the files' items (ids as titles, no genres),
     * the users are the files' users, in first-seen order over train, validation and test.
     */
    public static Split read(Path train, Path test, Path valid) {
        return load(train, test, valid).split();
    }

    /** As {@link #read(Path, Path, Path)}, with what was read. */
    public static Loaded load(Path train, Path test, Path valid) {
        IdIndex userIds = new IdIndex();
        IdIndex itemIds = new IdIndex();
        SplitFileReader.Ids ids = new SplitFileReader.Ids() {
            @Override
            public int user(String id) {
                return userIds.add(id);
            }

            @Override
            public int item(String id) {
                return itemIds.add(id);
            }
        };
        SplitFileReader.Rows[] files = read(train, test, valid, ids);
        String[] titles = new String[itemIds.size()];
        for (int i = 0; i < titles.length; i++) {
            titles[i] = itemIds.id(i);
        }
        Items items = new Items(itemIds, titles, new int[titles.length], new int[titles.length][0], List.of(), Map.of(), null);
        Users users = new Users(userIds, Map.of());
        String name = fileName(train) + " + " + fileName(test);
        Dataset base = new Dataset(name, FORMAT, items, users, new Interactions(new int[0], new int[0], new float[0], new long[0]));
        return build(base, items, users, name, files, train, test, valid);
    }

    /** The three files read in order train, validation, test (index 1 null without a validation file). */
    private static SplitFileReader.Rows[] read(Path train, Path test, Path valid, SplitFileReader.Ids ids) {
        SplitFileReader.Rows t = SplitFileReader.read(train, ids);
        SplitFileReader.Rows v = valid == null ? null : SplitFileReader.read(valid, ids);
        SplitFileReader.Rows h = SplitFileReader.read(test, ids);
        return new SplitFileReader.Rows[] {t, v, h};
    }

    private static Loaded build(Dataset base, Items items, Users users, String baseName, SplitFileReader.Rows[] files,
            Path train, Path test, Path valid) {
        int n = 0;
        boolean rated = true;
        boolean timed = true;
        for (SplitFileReader.Rows f : files) {
            if (f != null) {
                n += f.size();
                rated &= f.rated();
                timed &= f.timed();
            }
        }
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        int at = 0;
        for (SplitFileReader.Rows f : files) {
            if (f != null) {
                System.arraycopy(f.users(), 0, u, at, f.size());
                System.arraycopy(f.items(), 0, i, at, f.size());
                System.arraycopy(f.ratings(), 0, r, at, f.size());
                System.arraycopy(f.timestamps(), 0, t, at, f.size());
                at += f.size();
            }
        }
        int testFrom = n - files[2].size();
        BitSet held = new BitSet(n);
        held.set(testFrom, n);
        Dataset d = base.derived(baseName + " (predefined split)", items, users, new Interactions(u, i, r, t));
        if (!timed) {
            d = d.inFileOrder();
        }
        String method = "predefined(" + fileName(train) + ", " + fileName(test)
                + (valid == null ? "" : ", " + fileName(valid) + " as history") + ")";
        BitSet validation = new BitSet(n);
        if (files[1] != null) {
            validation.set(files[0].size(), files[0].size() + files[1].size());
        }
        Split split = new Split(d, method, held, validation);
        return new Loaded(split, files[0].size(), files[1] == null ? 0 : files[1].size(), files[2].size(), rated, timed);
    }

    private static String fileName(Path p) {
        return p.getFileName() == null ? p.toString() : p.getFileName().toString();
    }
}
