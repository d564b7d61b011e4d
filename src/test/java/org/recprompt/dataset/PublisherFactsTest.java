package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.RecPromptCli;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.io.DatasetFormat;
import org.recprompt.dataset.io.DatasetLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the publisher says travels with the data, and only the right publisher's: a descriptor is
 * found by the folder's name (with the data's format and counts) or as the one descriptor of the
 * format whose counts the data has; two of one format are never confused. The read settings a
 * project stores survive a round trip, older rows included; {@code dataset stats} prints them.
 */
class PublisherFactsTest {

    @TempDir
    Path tmp;

    static DatasetDescriptor descriptor(String name, String format, Map<String, Long> expect, String domain, List<String> facts) {
        return new DatasetDescriptor(name, name, format, "https://example.org/" + name + ".zip", "", 0, Map.of(), expect,
                "Research use.", null, domain, facts);
    }

    /** A generic CSV of 2 users, 3 items and 4 interactions, in a folder of the given name. */
    Path csv(String folder) throws IOException {
        Path dir = tmp.resolve(folder);
        Files.createDirectories(dir);
        Path f = dir.resolve("ratings.csv");
        Files.writeString(f, "user_id,item_id,rating\n1,a,5\n1,b,4\n2,a,3\n2,c,1\n");
        return f;
    }

    @Test
    void a_descriptor_is_found_by_name_or_by_format_and_counts_and_never_guessed() throws IOException {
        DatasetDescriptor small = descriptor("gb-small", "csv", Map.of("users", 2L, "items", 3L, "interactions", 4L), "book",
                List.of("ratings.csv is in chronological order"));
        DatasetDescriptor big = descriptor("gb-big", "csv", Map.of("users", 5L, "items", 3L, "interactions", 4L), "book",
                List.of("ratings are 1-5"));
        DatasetDescriptors both = new DatasetDescriptors(List.of(small, big));

        Path file = csv("downloads");
        Dataset d = DatasetLoader.load(file, DatasetFormat.CSV, ColumnMapping.guess());
        DatasetDescriptors.Match m = both.describing(file, d).orElseThrow();
        assertThat(m.descriptor().name()).isEqualTo("gb-small");
        assertThat(m.how()).contains("counts");
        Dataset described = m.descriptor().describe(d);
        assertThat(described.domain()).isEqualTo(Domain.BOOK);
        assertThat(described.notes()).containsExactly("ratings.csv is in chronological order");

        // Named like a descriptor, but without its counts: not that publisher's data, so nothing attached by name.
        Path named = csv("gb-big");
        assertThat(both.describing(named, DatasetLoader.load(named, DatasetFormat.CSV, ColumnMapping.guess()))
                .map(x -> x.descriptor().name())).contains("gb-small");
        // Two descriptors of the format whose counts the data has: none is chosen.
        DatasetDescriptor twin = descriptor("gb-twin", "csv", Map.of("interactions", 4L), "book", List.of("other"));
        assertThat(new DatasetDescriptors(List.of(small, twin)).describing(file, d)).isEmpty();
        // Another format, or no counts to check: none.
        assertThat(new DatasetDescriptors(List.of(descriptor("x", "movielens-csv", Map.of("interactions", 4L), null,
                List.of()))).describing(file, d)).isEmpty();
        assertThat(new DatasetDescriptors(List.of(descriptor("y", "csv", Map.of(), null, List.of()))).describing(file, d))
                .isEmpty();
        // By name, when the counts agree.
        Path exact = csv("gb-small");
        assertThat(both.describing(exact, d).orElseThrow().how()).contains("folder name");
    }

    @Test
    void stored_read_settings_round_trip_and_older_rows_read_as_a_bare_mapping() {
        ColumnMapping mapping = new ColumnMapping("u", "i", null, "t", '\t', true)
                .withItems(new ColumnMapping.ItemFile("books.csv", "book_id", "title", "tags", ";", "image_url", "authors"));
        ReadSettings s = new ReadSettings(mapping, "Books");
        assertThat(s.domain()).isEqualTo("book");
        ReadSettings back = ReadSettings.fromJson(s.toJson());
        assertThat(back).isEqualTo(s);
        assertThat(back.domainOrNull()).isEqualTo(Domain.BOOK);

        ReadSettings legacy = ReadSettings.fromJson(
                "{\"user\":\"u\",\"item\":\"i\",\"rating\":null,\"timestamp\":null,\"delimiter\":\",\",\"header\":true}");
        assertThat(legacy.mapping()).isEqualTo(new ColumnMapping("u", "i", null, null, ',', true));
        assertThat(legacy.domain()).isNull();
        assertThat(new ReadSettings(null, null).toJson()).isNull();
        assertThat(ReadSettings.fromJson(null).mapping()).isNull();
    }

    @Test
    void dataset_stats_prints_the_domain_and_the_notes() throws IOException {
        Path file = csv("plain");
        Files.writeString(file.resolveSibling("items.csv"), "item_id,title\na,\"One, Two\"\nb,Three\nc,Four\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", file.toString(), "--items",
            file.resolveSibling("items.csv").toString(), "--domain", "book", "--json"}, new PrintWriter(out),
                new PrintWriter(err))).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("domain").get("noun").asText()).isEqualTo("book");
        assertThat(j.get("domain").get("plural").asText()).isEqualTo("books");
        assertThat(j.get("domain").get("verb").asText()).isEqualTo("read");
        assertThat(j.get("notes").isArray()).isTrue();
        assertThat(j.get("items").asInt()).isEqualTo(3);

        out.getBuffer().setLength(0);
        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", file.toString()}, new PrintWriter(out),
                new PrintWriter(err))).isZero();
        assertThat(out.toString()).contains("domain           item (items, interacted with)").contains("notes            none");

        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", file.toString(), "--domain", " "}, new PrintWriter(out),
                new PrintWriter(err))).isNotZero();
        assertThat(err.toString()).contains("the domain is empty");
    }
}
