package org.recprompt.grounding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.recprompt.dataset.Items;
import org.recprompt.metrics.grounding.ResponseStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Grounds a hand-labelled answer set (src/test/resources/grounding, see its README) and scores the
 * matcher against the labels. Per answer, a predicted slot is correct when the labels hold the same
 * item (as a multiset, so one missed or extra slot does not shift the rest). Precision = correct
 * matched slots / matched slots; recall = correct matched slots / labelled slots with an item.
 * Every miss is listed so a change that costs accuracy is visible.
 */
final class LabelledSetEvaluation {

    record Result(int answers, long labelled, long matched, long correct, long statusAgree, long slotsCompared,
                  long outcomeAgree, List<String> misses) {

        double precision() {
            return correct / (double) matched;
        }

        double recall() {
            return correct / (double) labelled;
        }

        double statusAgreement() {
            return statusAgree / (double) answers;
        }

        String summary(String name) {
            return String.format(Locale.ROOT, "%s: %d answers, %d labelled slots with an item; precision %.4f, recall %.4f; "
                    + "status agreement %.4f; slot outcome agreement %.4f (%d slots compared by position)",
                    name, answers, labelled, precision(), recall(), statusAgreement(),
                    outcomeAgree / (double) slotsCompared, slotsCompared);
        }
    }

    private LabelledSetEvaluation() {
    }

    static List<JsonNode> answers(String resource) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = LabelledSetEvaluation.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(json.readTree(line));
                }
            }
        }
        return out;
    }

    static Result evaluate(Items catalog, List<JsonNode> answers) {
        Grounder grounder = new Grounder(new CatalogMatcher(catalog));
        long matched = 0;
        long correct = 0;
        long labelled = 0;
        long statusAgree = 0;
        long slotsCompared = 0;
        long outcomeAgree = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode a : answers) {
            GroundedAnswer g = grounder.ground(new GroundingInput(a.get("response").asText(), false,
                    AnswerFormat.byId(a.get("format").asText()), items(catalog, a.get("candidates")),
                    items(catalog, a.get("history")), items(catalog, a.get("relevant")), a.get("k").asInt()));
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
                    want.merge(catalog.indexOf(s.get("item").asText()), 1, Integer::sum);
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
                            + catalog.title(s.item()) + " (" + s.method().id() + " " + fmt(s.score()) + "), not labelled");
                }
            }
            want.forEach((item, left) -> {
                if (left > 0) {
                    misses.add(a.get("id").asText() + ": labelled " + catalog.title(item) + " not found");
                }
            });
            for (int i = 0; i < Math.min(wantOutcomes.size(), g.slots().size()); i++) {
                slotsCompared++;
                if (Objects.equals(wantOutcomes.get(i), g.slots().get(i).outcome().name())) {
                    outcomeAgree++;
                }
            }
        }
        return new Result(answers.size(), labelled, matched, correct, statusAgree, slotsCompared, outcomeAgree, misses);
    }

    private static int[] items(Items catalog, JsonNode array) {
        if (array == null || array.isNull()) {
            return new int[0];
        }
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = catalog.indexOf(array.get(i).asText());
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
