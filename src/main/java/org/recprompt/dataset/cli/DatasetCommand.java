package org.recprompt.dataset.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DatasetDescriptors;
import org.recprompt.dataset.DatasetStats;
import org.recprompt.dataset.Domain;
import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.io.DatasetFormat;
import org.recprompt.dataset.io.DatasetLoader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recprompt dataset ...}: datasets from the command line. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Read datasets and describe them.",
        subcommands = {DatasetCommand.Stats.class, DatasetCommand.Formats.class})
public final class DatasetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a subcommand: stats or formats.");
    }

    /** Options that say how to read a dataset. */
    public static final class ReadOptions {
        @Option(names = "--format", paramLabel = "NAME",
                description = "The format (see 'dataset formats': movielens-100k, movielens-dat, movielens-csv, movietweetings, "
                        + "goodbooks-10k, book-crossing, lastfm-hetrec, amazon-2014, amazon-2018, amazon-2023, yelp, recbole, "
                        + "csv); detected when absent.")
        String format;

        @Option(names = "--user-col", paramLabel = "COLUMN", description = "Generic CSV: the user column (name or 0-based index).")
        String userColumn;

        @Option(names = "--item-col", paramLabel = "COLUMN", description = "Generic CSV: the item column.")
        String itemColumn;

        @Option(names = "--rating-col", paramLabel = "COLUMN", description = "Generic CSV: the rating column.")
        String ratingColumn;

        @Option(names = "--time-col", paramLabel = "COLUMN", description = "Generic CSV: the timestamp column.")
        String timeColumn;

        @Option(names = "--delimiter", paramLabel = "CHAR", description = "Generic CSV: the separator (guessed when absent; 'tab' for tabs).")
        String delimiter;

        @Option(names = "--no-header", description = "Generic CSV: the first line is data, not a header.")
        boolean noHeader;

        @Option(names = "--implicit", paramLabel = "THRESHOLD",
                description = "Implicit feedback: keep only interactions rated at or above THRESHOLD.")
        Float implicit;

        @Option(names = "--duplicates", paramLabel = "POLICY", converter = PolicyConverter.class,
                description = "A (user, item) pair that occurs more than once: keep-last (default), keep-first, max-rating, or error.")
        DuplicatePolicy duplicates;

        @Option(names = "--order", paramLabel = "ORDER", defaultValue = "time",
                description = "Each user's interactions in time order (default) or in the file's row order ('file': for "
                        + "chronological files without timestamps).")
        String order;

        @Option(names = "--items", paramLabel = "FILE",
                description = "Generic CSV: an item file (with a header; quoted fields allowed) joined by item id: titles, genres, images, authors.")
        Path items;

        @Option(names = "--item-id-col", paramLabel = "COLUMN", description = "The item file's id column (default: the interactions' item column name, item_id, id, ...).")
        String itemIdColumn;

        @Option(names = "--title-col", paramLabel = "COLUMN", description = "The item file's title column (default: title or name).")
        String titleColumn;

        @Option(names = "--genres-col", paramLabel = "COLUMN", description = "The item file's genres column (default: genres, genre, categories when present).")
        String genresColumn;

        @Option(names = "--genres-sep", paramLabel = "TEXT", description = "What separates genres inside the genres field (default: |).")
        String genresSeparator;

        @Option(names = "--image-col", paramLabel = "COLUMN", description = "The item file's image path or URL column (default: image_url, image when present).")
        String imageColumn;

        @Option(names = "--author-col", paramLabel = "COLUMN", description = "The item file's authors column (default: authors, author when present).")
        String authorColumn;

        @Option(names = "--domain", paramLabel = "NAME",
                description = "What the items are: movie, book, product, business, artist, item or any noun (default: the "
                        + "publisher's descriptor's, else the format's); the prompts' {{domain}}, {{verb}} ... follow it.")
        String domain;

        /** The descriptor the last {@link #load} found for the data (its domain and facts attached), or null. */
        DatasetDescriptors.Match described;

        public Dataset load(Path path) {
            DatasetFormat f = format == null ? null : DatasetFormat.byId(format);
            Character sep = delimiter == null ? null : delimiter.equalsIgnoreCase("tab") ? '\t' : delimiter.charAt(0);
            ColumnMapping mapping = new ColumnMapping(userColumn, itemColumn, ratingColumn, timeColumn, sep, !noHeader);
            Domain chosen = domain == null ? null : Domain.byName(domain);
            if (items != null) {
                mapping = mapping.withItems(new ColumnMapping.ItemFile(items.toString(), itemIdColumn, titleColumn,
                        genresColumn, genresSeparator, imageColumn, authorColumn));
                DatasetFormat located = DatasetLoader.locate(path, f, mapping).format();
                if (located != DatasetFormat.CSV) {
                    throw new IllegalArgumentException("--items joins an item file to a generic CSV (--format csv); "
                            + path + " is read as " + located.id());
                }
            }
            Dataset d = DatasetLoader.load(path, f, mapping, duplicates);
            described = DatasetDescriptors.shipped().describing(path, d).orElse(null);
            if (described != null) {
                d = described.descriptor().describe(d);
            }
            if (chosen != null) {
                d = d.withDomain(chosen);
            }
            if ("file".equals(order)) {
                d = d.inFileOrder();
            } else if (!"time".equals(order)) {
                throw new IllegalArgumentException("--order is time or file, not '" + order + "'");
            }
            return implicit == null ? d : d.implicit(implicit);
        }
    }

    /** Reads --duplicates; an unknown policy is a usage error naming the choices. */
    static final class PolicyConverter implements CommandLine.ITypeConverter<DuplicatePolicy> {
        @Override
        public DuplicatePolicy convert(String value) {
            try {
                return DuplicatePolicy.byId(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Print a dataset's statistics: size, density and sparsity, long tail, cold users, genres, ratings, time span,"
                    + " user attributes.")
    static final class Stats implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PATH", description = "The dataset's folder, or its main file.")
        Path path;

        @Mixin
        ReadOptions read = new ReadOptions();

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Dataset d = read.load(path);
            DatasetStats s = DatasetStats.of(d);
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = toJson(s);
                m.putAll(describedJson(d, read.described));
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
            } else {
                out.print(StatsText.format(s));
                out.print(StatsText.described(d, read.described));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "formats", mixinStandardHelpOptions = true, description = "List the formats the workbench reads.")
    static final class Formats implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            for (DatasetFormat f : DatasetFormat.values()) {
                spec.commandLine().getOut().printf("%-16s %s%n", f.id(), f.description());
            }
            return 0;
        }
    }

    /** The statistics as a JSON object with snake_case keys. */
    static Map<String, Object> toJson(DatasetStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("format", s.format());
        m.put("users", s.users());
        m.put("items", s.items());
        m.put("interactions", s.interactions());
        m.put("density", s.density());
        m.put("sparsity", s.sparsity());
        m.put("cold_users", s.coldUsers());
        m.put("cold_user_max_interactions", DatasetStats.COLD_USER_MAX);
        m.put("head_items", s.headItems());
        m.put("head_items_share", s.headItemsShare());
        m.put("item_popularity_gini", s.itemPopularityGini());
        m.put("items_without_interactions", s.itemsWithoutInteractions());
        m.put("per_user", summary(s.perUser()));
        m.put("per_item", summary(s.perItem()));
        Map<String, Object> genres = new LinkedHashMap<>();
        s.genreInteractions().forEach((g, n) -> genres.put(g, Map.of("interactions", n, "items", s.genreItems().get(g))));
        m.put("genres", genres);
        Map<String, Long> ratings = new LinkedHashMap<>();
        s.ratings().forEach((r, n) -> ratings.put(StatsText.rating(r), n));
        m.put("ratings", ratings);
        m.put("first_timestamp", s.firstTimestamp());
        m.put("last_timestamp", s.lastTimestamp());
        m.put("first", s.first().toString());
        m.put("last", s.last().toString());
        m.put("has_timestamps", s.hasTimestamps());
        Map<String, Object> duplicates = new LinkedHashMap<>();
        duplicates.put("policy", s.duplicates().policy().id());
        duplicates.put("repeated_pairs", s.duplicates().pairs());
        duplicates.put("rows_dropped", s.duplicates().droppedRows());
        m.put("duplicates", duplicates);
        Map<String, Object> attributes = new LinkedHashMap<>();
        s.userAttributes().forEach(a -> attributes.put(a.name(), a.toJson()));
        m.put("user_attributes", attributes);
        return m;
    }

    /** The domain's words, the publisher's notes and the descriptor they came from (null when none fits). */
    static Map<String, Object> describedJson(Dataset d, DatasetDescriptors.Match described) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("noun", d.domain().noun());
        domain.put("plural", d.domain().plural());
        domain.put("verb", d.domain().verb());
        m.put("domain", domain);
        m.put("notes", d.notes());
        m.put("descriptor", described == null ? null : described.descriptor().name());
        return m;
    }

    private static Map<String, Object> summary(DatasetStats.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", s.min());
        m.put("median", s.median());
        m.put("mean", s.mean());
        m.put("max", s.max());
        return m;
    }
}
