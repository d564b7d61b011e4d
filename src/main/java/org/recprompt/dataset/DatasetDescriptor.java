package org.recprompt.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A shipped description of a public dataset (see {@code datasets/README.md}): where to download
 * it, how to check it, its format and its licence, what its items are ({@code domain}: movie,
 * book, product, business, artist) and the publisher's facts that bear on its use ({@code facts},
 * such as "ratings.csv is in chronological order").
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetDescriptor(
        String name,
        String title,
        String format,
        String url,
        String sha256,
        @JsonProperty("size_bytes") long sizeBytes,
        Map<String, String> files,
        Map<String, Long> expect,
        String licence,
        String citation,
        String domain,
        List<String> facts) {

    public DatasetDescriptor {
        facts = facts == null ? List.of() : List.copyOf(facts);
        files = files == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(files));
        expect = expect == null ? Map.of() : Map.copyOf(expect);
        sha256 = sha256 == null ? "" : sha256.trim().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean hasArchiveChecksum() {
        return !sha256.isEmpty();
    }

    /** Reads a descriptor, naming the source and the field in any error. */
    public static DatasetDescriptor read(InputStream yaml, String source) {
        try {
            DatasetDescriptor d = new ObjectMapper(new YAMLFactory()).readValue(yaml, DatasetDescriptor.class);
            for (String[] field : new String[][] {{"name", d.name}, {"format", d.format}, {"url", d.url},
                {"licence", d.licence}}) {
                if (field[1] == null || field[1].isBlank()) {
                    throw new IllegalArgumentException(source + ": the descriptor has no '" + field[0] + "'");
                }
            }
            if (!d.sha256.isEmpty() && !d.sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(source + ": 'sha256' is not 64 hexadecimal digits");
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": not a valid descriptor: " + e.getMessage(), e);
        }
    }

    /**
     * The data as this descriptor's publisher describes it: its domain (when the descriptor names
     * one) and its facts as the dataset's notes.
     */
    public Dataset describe(Dataset d) {
        Dataset out = domain == null || domain.isBlank() ? d : d.withDomain(Domain.byName(domain));
        return facts.isEmpty() ? out : out.withNotes(facts);
    }

    /** Whether the loaded data has every count this descriptor expects (false when it expects none). */
    public boolean countsMatch(Dataset d) {
        if (expect.isEmpty()) {
            return false;
        }
        long[] loaded = {d.users().size(), d.items().size(), d.interactions().size()};
        String[] keys = {"users", "items", "interactions"};
        boolean any = false;
        for (int k = 0; k < keys.length; k++) {
            Long v = expect.get(keys[k]);
            if (v != null) {
                any = true;
                if (v != loaded[k]) {
                    return false;
                }
            }
        }
        return any;
    }
}
