package org.recprompt.grounding.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.recprompt.base.FileTrees;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.cli.DatasetCommand;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.grounding.AnswerFormat;
import org.recprompt.grounding.CatalogMatcher;
import org.recprompt.grounding.GroundedAnswer;
import org.recprompt.grounding.GroundedSlot;
import org.recprompt.grounding.Grounder;
import org.recprompt.grounding.GroundingInput;
import org.recprompt.metrics.grounding.GroundingRates;
import org.recprompt.metrics.grounding.ResponseOutcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt ground}: grounds recorded answers to a dataset's catalog. Each input line is
 * {@code {"user": "...", "response": "...", "candidates": [item ids], "format": "list|json|choice|pairs", "k": n}}
 * (candidates, format and k optional); the user's history and held-out item come from the
 * temporal leave-last-out split. Writes {@code slots.csv} and {@code responses.csv} into the
 * output folder, each all or nothing, after every line has been read without error.
 */
@Command(name = "ground", mixinStandardHelpOptions = true,
        description = "Ground recorded answers (JSONL) to a dataset's catalog: slots.csv and responses.csv.")
public final class GroundCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, paramLabel = "PATH", description = "The dataset's folder or main file.")
    Path dataset;

    @Option(names = "--responses", required = true, paramLabel = "FILE.jsonl", description = "One JSON object per line.")
    Path responses;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder for slots.csv and responses.csv.")
    Path out;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10",
            description = "Items asked for per answer when a line has no \"k\" (choice answers: 1; default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--fuzzy", paramLabel = "SIM", defaultValue = "0.85", description = "Fuzzy threshold over the catalog (default: ${DEFAULT-VALUE}).")
    double fuzzy;

    @Option(names = "--candidate-fuzzy", paramLabel = "SIM", defaultValue = "0.75",
            description = "Fuzzy threshold among the candidates (default: ${DEFAULT-VALUE}).")
    double candidateFuzzy;

    @Option(names = "--semantic", paramLabel = "COS", arity = "0..1", fallbackValue = "0.9",
            description = "Enable the semantic stage (MiniLM) with this cosine threshold (default when given: 0.9).")
    Double semantic;

    @Mixin
    DatasetCommand.ReadOptions read = new DatasetCommand.ReadOptions();

    @Spec
    CommandSpec spec;

    /** One parsed input line. */
    record Line(int number, String user, int userIndex, String response, int[] candidates, AnswerFormat format, int k) {
    }

    @Override
    public Integer call() throws Exception {
        Dataset d = read.load(dataset);
        List<Line> lines = readLines(d);
        CatalogMatcher.Settings settings = new CatalogMatcher.Settings(fuzzy, candidateFuzzy,
                semantic == null ? 0.9 : semantic, semantic != null);
        CatalogMatcher matcher = new CatalogMatcher(d.items(), settings,
                semantic == null ? null : org.recprompt.backend.adapter.SemanticRanker.titleEmbedder()::apply);
        Grounder grounder = new Grounder(matcher);
        Split split = Splits.leaveLastOut(d);
        List<GroundedAnswer> answers = new ArrayList<>(lines.size());
        for (Line l : lines) {
            answers.add(grounder.ground(new GroundingInput(l.response(), false, l.format(), l.candidates(),
                    split.history(l.userIndex()), split.heldOut(l.userIndex()), l.k())));
        }
        Files.createDirectories(out);
        FileTrees.writeAtomically(out.resolve("slots.csv"), w -> {
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder()
                    .setHeader("user", "slot", "raw_text", "item_id", "outcome", "method", "score").get())) {
                for (int n = 0; n < lines.size(); n++) {
                    for (GroundedSlot s : answers.get(n).slots()) {
                        csv.printRecord(lines.get(n).user(), s.slot(), s.rawText(), s.item() < 0 ? "" : d.items().id(s.item()),
                                s.outcome(), s.method().id(), String.format(java.util.Locale.ROOT, "%.3f", s.score()));
                    }
                }
            }
        });
        FileTrees.writeAtomically(out.resolve("responses.csv"), w -> {
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader("user", "status", "slots").get())) {
                for (int n = 0; n < lines.size(); n++) {
                    csv.printRecord(lines.get(n).user(), answers.get(n).status(), answers.get(n).slots().size());
                }
            }
        });
        List<ResponseOutcome> outcomes = answers.stream().map(GroundedAnswer::outcome).toList();
        GroundingRates rates = GroundingRates.of(outcomes);
        var o = spec.commandLine().getOut();
        o.printf(java.util.Locale.ROOT, "Grounded %d responses, %d slots: hallucinated %.3f, out of candidates %.3f, "
                + "seen %.3f, duplicate %.3f; compliance %.3f, abstained %.3f%n", rates.responses(), rates.slots(),
                nanToZero(rates.hallucinationRate()), nanToZero(rates.outOfCandidateRate()), nanToZero(rates.seenRepeatRate()),
                nanToZero(rates.duplicateRate()), nanToZero(rates.complianceRate()), nanToZero(rates.abstentionRate()));
        o.println("Wrote " + out.resolve("slots.csv") + " and " + out.resolve("responses.csv"));
        o.flush();
        return 0;
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private List<Line> readLines(Dataset d) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Line> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(responses, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = r.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                String where = responses + ", line " + number;
                JsonNode n;
                try {
                    n = json.readTree(text);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // the parser's message quotes the line's text: the file may not be an answers file at all
                    throw new IllegalArgumentException(where + ": not valid JSON (one object per line with \"user\" and"
                            + " \"response\"; the line's text is not shown)");
                }
                if (!n.isObject()) {
                    throw new IllegalArgumentException(where + ": expected a JSON object");
                }
                JsonNode user = n.get("user");
                JsonNode response = n.get("response");
                if (user == null || user.isNull() || user.asText().isBlank()) {
                    throw new IllegalArgumentException(where + ": field \"user\" is missing");
                }
                if (response == null || !response.isTextual()) {
                    throw new IllegalArgumentException(where + ": field \"response\" is missing or not a string");
                }
                int u = d.users().indexOf(user.asText());
                if (u < 0) {
                    throw new IllegalArgumentException(where + ": field \"user\": there is no user " + user.asText() + " in " + dataset);
                }
                int[] candidates = new int[0];
                JsonNode c = n.get("candidates");
                if (c != null && !c.isNull()) {
                    if (!c.isArray()) {
                        throw new IllegalArgumentException(where + ": field \"candidates\" must be an array of item ids");
                    }
                    candidates = new int[c.size()];
                    for (int i = 0; i < c.size(); i++) {
                        candidates[i] = d.items().indexOf(c.get(i).asText());
                        if (candidates[i] < 0) {
                            throw new IllegalArgumentException(where + ": field \"candidates\": there is no item "
                                    + c.get(i).asText() + " in " + dataset);
                        }
                    }
                }
                AnswerFormat format = null;
                JsonNode f = n.get("format");
                if (f != null && !f.isNull()) {
                    try {
                        format = AnswerFormat.byId(f.asText());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(where + ": field \"format\": " + e.getMessage());
                    }
                }
                int lineK = format == AnswerFormat.CHOICE ? 1 : k;
                JsonNode kn = n.get("k");
                if (kn != null && !kn.isNull()) {
                    if (!kn.canConvertToInt() || kn.asInt() < 0) {
                        throw new IllegalArgumentException(where + ": field \"k\" must be a whole number of at least 0");
                    }
                    lineK = kn.asInt();
                }
                lines.add(new Line(number, user.asText(), u, response.asText(), candidates, format, lineK));
            }
        }
        return lines;
    }
}
