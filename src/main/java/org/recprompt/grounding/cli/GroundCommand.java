package org.recprompt.grounding.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.recprompt.base.JsonIds;
import org.recprompt.base.LineReader;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.cli.DatasetCommand;
import org.recprompt.dataset.cli.SplitOptions;
import org.recprompt.dataset.split.Split;
import org.recprompt.grounding.AnswerFormat;
import org.recprompt.grounding.CatalogMatcher;
import org.recprompt.grounding.GroundedAnswer;
import org.recprompt.grounding.GroundedSlot;
import org.recprompt.grounding.Grounder;
import org.recprompt.grounding.GroundingInput;
import org.recprompt.metrics.grounding.GroundingRates;
import org.recprompt.metrics.grounding.ResponseOutcome;
import org.recprompt.metrics.grounding.ResponseStatus;
import org.recprompt.metrics.grounding.SlotOutcome;

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
 * temporal leave-last-out split. {@code candidates} and {@code relevant}, when present, are non-empty
 * arrays of item ids, read by {@link JsonIds} as the replay backend reads them. An optional
 * {@code "relevant": [item ids]} is the line's own truth
 * (a paper's held-out items): with it, that line's hits are counted against the recorded items, not
 * the split's, and responses.csv's {@code truth} column says {@code answer} instead of {@code split}.
 * Beside slots.csv and responses.csv, {@code recs.csv} holds each user's grounded list as
 * {@code user,item,rank} (what {@code metrics --recs} reads; the first line of a user, an unmatched
 * slot with an empty item) and, when a line records its truth, {@code relevant.csv} its items as
 * {@code user,item}. Lines are read and grounded one at a time (a line over 1 MB, bytes
 * that are not UTF-8 and a file without a response are errors naming the file and line), written to
 * temporary files that become {@code slots.csv} and {@code responses.csv} in the output folder only
 * when every line was read without error: all or nothing, and never all answers in memory at once.
 */
@Command(name = "ground", mixinStandardHelpOptions = true,
        description = "Ground recorded answers (JSONL) to a dataset's catalog: slots.csv, responses.csv, recs.csv (for metrics --recs).")
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

    @Mixin
    SplitOptions splitFiles = new SplitOptions();

    @Spec
    CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One parsed input line. */
    record Line(int number, String user, int userIndex, String response, int[] candidates, AnswerFormat format, int k,
            int[] relevant) {
    }

    @Override
    public Integer call() throws Exception {
        Dataset d = read.load(dataset);
        Split split = splitFiles.split(d, spec.commandLine());
        CatalogMatcher.Settings settings = new CatalogMatcher.Settings(fuzzy, candidateFuzzy,
                semantic == null ? 0.9 : semantic, semantic != null);
        CatalogMatcher matcher = new CatalogMatcher(d.items(), settings,
                semantic == null ? null : org.recprompt.backend.adapter.SemanticRanker.titleEmbedder()::apply);
        Grounder grounder = new Grounder(matcher);
        Files.createDirectories(out);
        Path slotsTmp = Files.createTempFile(out, ".slots.csv-", ".tmp");
        Path responsesTmp = Files.createTempFile(out, ".responses.csv-", ".tmp");
        Path recsTmp = Files.createTempFile(out, ".recs.csv-", ".tmp");
        Path relevantTmp = Files.createTempFile(out, ".relevant.csv-", ".tmp");
        java.util.Set<String> listed = new java.util.HashSet<>();
        long recorded = 0;
        long laterLines = 0;
        Map<SlotOutcome, Long> slotCounts = new EnumMap<>(SlotOutcome.class);
        Map<ResponseStatus, Long> statusCounts = new EnumMap<>(ResponseStatus.class);
        for (SlotOutcome o : SlotOutcome.values()) {
            slotCounts.put(o, 0L);
        }
        for (ResponseStatus st : ResponseStatus.values()) {
            statusCounts.put(st, 0L);
        }
        long responseCount = 0;
        long slotCount = 0;
        try {
            try (CSVPrinter slots = new CSVPrinter(Files.newBufferedWriter(slotsTmp, StandardCharsets.UTF_8),
                    CSVFormat.RFC4180.builder().setHeader("user", "slot", "raw_text", "item_id", "outcome", "method", "score").get());
                    CSVPrinter responsesCsv = new CSVPrinter(Files.newBufferedWriter(responsesTmp, StandardCharsets.UTF_8),
                            CSVFormat.RFC4180.builder().setHeader("user", "status", "slots", "truth").get());
                    CSVPrinter recs = new CSVPrinter(Files.newBufferedWriter(recsTmp, StandardCharsets.UTF_8),
                            CSVFormat.RFC4180.builder().setHeader("user", "item", "rank").get());
                    CSVPrinter relevantCsv = new CSVPrinter(Files.newBufferedWriter(relevantTmp, StandardCharsets.UTF_8),
                            CSVFormat.RFC4180.builder().setHeader("user", "item").get());
                    LineReader reader = new LineReader(responses)) {
                String text;
                while ((text = reader.readLine()) != null) {
                    if (text.isBlank()) {
                        continue;
                    }
                    Line l = parse(d, text, reader.lineNumber());
                    int[] heldOut = l.relevant() != null ? l.relevant() : split.heldOut(l.userIndex());
                    GroundedAnswer answer = grounder.ground(new GroundingInput(l.response(), false, l.format(), l.candidates(),
                            split.history(l.userIndex()), heldOut, l.k()));
                    for (GroundedSlot sl : answer.slots()) {
                        slots.printRecord(l.user(), sl.slot(), sl.rawText(), sl.item() < 0 ? "" : d.items().id(sl.item()),
                                sl.outcome(), sl.method().id(), String.format(java.util.Locale.ROOT, "%.3f", sl.score()));
                    }
                    responsesCsv.printRecord(l.user(), answer.status(), answer.slots().size(), l.relevant() != null ? "answer" : "split");
                    recorded += l.relevant() != null ? 1 : 0;
                    if (listed.add(l.user())) {
                        for (GroundedSlot sl : answer.slots()) {
                            recs.printRecord(l.user(), sl.item() < 0 ? "" : d.items().id(sl.item()), sl.slot());
                        }
                        for (int item : l.relevant() == null ? new int[0] : l.relevant()) {
                            relevantCsv.printRecord(l.user(), d.items().id(item));
                        }
                    } else {
                        laterLines++;
                    }
                    ResponseOutcome outcome = answer.outcome();
                    statusCounts.merge(outcome.status(), 1L, Long::sum);
                    for (SlotOutcome o : outcome.slots()) {
                        slotCounts.merge(o, 1L, Long::sum);
                        slotCount++;
                    }
                    responseCount++;
                }
            }
            if (responseCount == 0) {
                throw new IllegalArgumentException(responses + ": holds no responses (expected one JSON object per line)");
            }
            Files.move(slotsTmp, out.resolve("slots.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(responsesTmp, out.resolve("responses.csv"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(recsTmp, out.resolve("recs.csv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (recorded > 0) {
                Files.move(relevantTmp, out.resolve("relevant.csv"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(out.resolve("relevant.csv")); // an earlier run's truth is not this one's
            }
        } finally {
            Files.deleteIfExists(slotsTmp);
            Files.deleteIfExists(responsesTmp);
            Files.deleteIfExists(recsTmp);
            Files.deleteIfExists(relevantTmp);
        }
        GroundingRates rates = new GroundingRates(responseCount, slotCount, slotCounts, statusCounts);
        var o = spec.commandLine().getOut();
        o.printf(java.util.Locale.ROOT, "Grounded %d responses, %d slots: hallucinated %s, out of candidates %s, "
                + "seen %s, duplicate %s; compliance %s, abstained %s%n", rates.responses(), rates.slots(),
                rate(rates.hallucinationRate()), rate(rates.outOfCandidateRate()), rate(rates.seenRepeatRate()),
                rate(rates.duplicateRate()), rate(rates.complianceRate()), rate(rates.abstentionRate()));
        o.printf(java.util.Locale.ROOT, "%d slot(s) named no item of the catalog (hallucinated), %d unparseable response(s)%n",
                slotCounts.get(SlotOutcome.HALLUCINATED), statusCounts.get(ResponseStatus.UNPARSEABLE));
        o.printf(java.util.Locale.ROOT, "Relevant items from the answer file: %d of %d lines (the others: the split's held-out items)%n",
                recorded, responseCount);
        if (laterLines > 0) {
            o.printf(java.util.Locale.ROOT, "recs.csv holds the first line of each user: %d later line(s) of a user already listed"
                    + " are in slots.csv only%n", laterLines);
        }
        o.println("Wrote " + out.resolve("slots.csv") + ", " + out.resolve("responses.csv") + " and " + out.resolve("recs.csv")
                + (recorded > 0 ? " and " + out.resolve("relevant.csv") : ""));
        o.flush();
        return 0;
    }

    /** A rate with three decimals; "n/a" where there is nothing to divide by (no slot), never a made-up 0. */
    private static String rate(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    /** One input line parsed and checked; problems name the file and line. */
    private Line parse(Dataset d, String text, long lineNumber) {
        ObjectMapper json = JSON;
        int number = (int) lineNumber;
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
        int[] recordedCandidates = items(d, JsonIds.read(n, "candidates", where), "candidates", where);
        int[] candidates = recordedCandidates == null ? new int[0] : recordedCandidates;
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
        int[] relevant = items(d, JsonIds.read(n, "relevant", where), "relevant", where);
        return new Line(number, user.asText(), u, response.asText(), candidates, format, lineK, relevant);
    }

    /** The dataset's indices of a field's item ids (as {@link JsonIds} read them), or null when the line has no such field. */
    private int[] items(Dataset d, java.util.List<String> ids, String field, String where) {
        if (ids == null) {
            return null;
        }
        int[] items = new int[ids.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = d.items().indexOf(ids.get(i));
            if (items[i] < 0) {
                throw new IllegalArgumentException(where + ": field \"" + field + "\": there is no item " + ids.get(i)
                        + " in " + dataset);
            }
        }
        return items;
    }
}
