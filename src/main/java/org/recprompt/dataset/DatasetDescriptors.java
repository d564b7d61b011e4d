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
