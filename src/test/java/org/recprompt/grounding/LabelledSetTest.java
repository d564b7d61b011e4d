package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.metrics.grounding.ResponseStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The matcher against the team's hand-labelled answers (src/test/resources/grounding, see its
 * README): 271 answers in the styles of real models with 1,967 labelled slots. Per answer, a
 * predicted slot is correct when the labels hold the same item (as a multiset, so one missed or
 * extra slot does not shift the rest). Precision = correct matched slots / matched slots; recall =
 * correct matched slots / labelled slots with an item. Both are printed with the agreement of
 * statuses and slot outcomes, and every miss is listed so a change that costs accuracy is visible.
 */
class LabelledSetTest {

    @TempDir
    static Path dir;

    static Dataset catalog;
    static List<JsonNode> answers = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = LabelledSetTest.class.getResourceAsStream("/grounding/catalog.csv")) {
            Files.write(dir.resolve("movies.csv"), in.readAllBytes());
        }
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4,1\n");
        catalog = DatasetLoader.load(dir);
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = LabelledSetTest.class.getResourceAsStream("/grounding/labelled.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    answers.add(json.readTree(line));
                }
            }
        }
    }

    int[] items(JsonNode array) {
        if (array == null || array.isNull()) {
            return new int[0];
        }
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = catalog.items().indexOf(array.get(i).asText());
        }
        return out;
    }

    @Test
    void matcher_precision_and_recall_on_the_labelled_set() {
        Grounder grounder = new Grounder(new CatalogMatcher(catalog.items()));
        long matched = 0;
        long correct = 0;
        long labelled = 0;
        long statusAgree = 0;
        long slotsCompared = 0;
        long outcomeAgree = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode a : answers) {
            GroundedAnswer g = grounder.ground(new GroundingInput(a.get("response").asText(), false,
                    AnswerFormat.byId(a.get("format").asText()), items(a.get("candidates")), items(a.get("history")),
                    items(a.get("relevant")), a.get("k").asInt()));
            JsonNode expected = a.get("expected");
            if (g.status() == ResponseStatus.valueOf(expected.get("status").asText())) {
                statusAgree++;
            } else {
                misses.add(a.get("id").asText() + ": status " + g.status() + ", labelled " + expected.get("status").asText());
            }
            Map<Integer, Integer> want = new HashMap<>();
            List<String> wantOutcomes = new ArrayList<>();
            for (JsonNode s : expected.get("slots")) {
                wantOutcomes.add(s.get("outcome").asText());
                if (!s.get("item").isNull()) {
                    want.merge(catalog.items().indexOf(s.get("item").asText()), 1, Integer::sum);
                    labelled++;
                }
            }
            for (GroundedSlot s : g.slots()) {
                if (!s.matched()) {
                    continue;
                }
                matched++;
                Integer left = want.get(s.item());
                if (left != null && left > 0) {
                    want.put(s.item(), left - 1);
                    correct++;
                } else {
                    misses.add(a.get("id").asText() + ": slot " + s.slot() + " '" + s.rawText() + "' -> "
                            + catalog.items().title(s.item()) + " (" + s.method().id() + " " + fmt(s.score()) + "), not labelled");
                }
            }
            want.forEach((item, left) -> {
                if (left > 0) {
                    misses.add(a.get("id").asText() + ": labelled " + catalog.items().title(item) + " not found");
                }
            });
            for (int i = 0; i < Math.min(wantOutcomes.size(), g.slots().size()); i++) {
                slotsCompared++;
                if (Objects.equals(wantOutcomes.get(i), g.slots().get(i).outcome().name())) {
                    outcomeAgree++;
                }
            }
        }
        double precision = correct / (double) matched;
        double recall = correct / (double) labelled;
        System.out.printf(Locale.ROOT, "Grounding labelled set: %d answers, %d labelled slots with an item; precision %.4f, "
                + "recall %.4f; status agreement %.4f; slot outcome agreement %.4f (%d slots compared by position)%n",
                answers.size(), labelled, precision, recall, statusAgree / (double) answers.size(),
                outcomeAgree / (double) slotsCompared, slotsCompared);
        misses.forEach(m -> System.out.println("  " + m));
        assertThat(answers).hasSizeGreaterThanOrEqualTo(200);
        assertThat(precision).as("matcher precision").isGreaterThanOrEqualTo(0.97);
        assertThat(recall).as("matcher recall").isGreaterThanOrEqualTo(0.95);
        assertThat(statusAgree / (double) answers.size()).as("response status agreement").isGreaterThanOrEqualTo(0.9);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
