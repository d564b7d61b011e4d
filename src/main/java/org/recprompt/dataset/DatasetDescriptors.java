package org.recprompt.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/** The dataset descriptors shipped in the jar (from the project's {@code datasets/} folder). */
@Component
public class DatasetDescriptors {

    private final List<DatasetDescriptor> all;

    public DatasetDescriptors() {
        this(loadShipped());
    }

    public DatasetDescriptors(List<DatasetDescriptor> descriptors) {
        this.all = descriptors.stream().sorted(Comparator.comparing(DatasetDescriptor::name)).toList();
    }

    private static volatile DatasetDescriptors shipped;

    /** The descriptors shipped in the jar, read once (for commands that run without Spring). */
    public static DatasetDescriptors shipped() {
        DatasetDescriptors s = shipped;
        if (s == null) {
            synchronized (DatasetDescriptors.class) {
                if (shipped == null) {
                    shipped = new DatasetDescriptors();
                }
                s = shipped;
            }
        }
        return s;
    }

    public List<DatasetDescriptor> all() {
        return all;
    }

    public Optional<DatasetDescriptor> byName(String name) {
        return all.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The descriptor whose name is the folder's or zip's name ("ml-100k", "ml-100k.zip"), if any. */
    public Optional<DatasetDescriptor> recognise(java.nio.file.Path source) {
        if (source == null || source.getFileName() == null) {
            return Optional.empty();
        }
        String n = source.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.zip$", "");
        return byName(n);
    }

    /** A descriptor found for loaded data, and how it was found (for the statistics to say). */
    public record Match(DatasetDescriptor descriptor, String how) {
    }

    /**
     * The descriptor of data loaded from a path, so its publisher's domain and facts can travel
     * with it: the descriptor named like the folder or zip ("ml-100k") when it has the data's
     * format and the data has the counts it expects (when it states any); else the one descriptor
     * of the data's format whose expected users, items and interactions the data has. Never a
     * guess: two descriptors of one format (ml-1m and ml-10m) are told apart by their counts, and
     * when none or several fit, none is returned.
     */
    public Optional<Match> describing(java.nio.file.Path source, Dataset d) {
        java.nio.file.Path at = source == null ? null : source.toAbsolutePath().normalize();
        Optional<DatasetDescriptor> named = at == null ? Optional.empty() : recognise(at);
        if (named.isEmpty() && at != null && java.nio.file.Files.isRegularFile(at)) {
            named = recognise(at.getParent());
        }
        if (named.isPresent() && named.get().format().equals(d.format())
                && (named.get().expect().isEmpty() || named.get().countsMatch(d))) {
            return Optional.of(new Match(named.get(), "by its folder name"));
        }
        List<DatasetDescriptor> fitting = all.stream()
                .filter(x -> x.format().equals(d.format()) && x.countsMatch(d)).toList();
        return fitting.size() == 1 ? Optional.of(new Match(fitting.get(0), "by its format and counts")) : Optional.empty();
    }

    private static List<DatasetDescriptor> loadShipped() {
        List<DatasetDescriptor> out = new ArrayList<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:datasets/*.yaml")) {
                try (InputStream in = r.getInputStream()) {
                    out.add(DatasetDescriptor.read(in, "datasets/" + r.getFilename()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped dataset descriptors: " + e.getMessage(), e);
        }
        return out;
    }
}
