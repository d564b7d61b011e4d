package org.recprompt.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.recprompt.base.FileTrees;
import org.recprompt.dataset.Items;
import org.recprompt.experiment.ExperimentSpec.SimulationSpec;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.SplitAdapter;
import org.recprompt.metrics.SystemMetric;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.concentration.Coverage;
import org.recprompt.metrics.diversity.CalibrationKl;
import org.recprompt.metrics.diversity.GenreEntropy;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.diversity.Homogenisation;
import org.recprompt.metrics.popularity.AverageRecommendationPopularity;
import org.recprompt.metrics.popularity.Popularity;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The echo-chamber simulation's files: {@code rounds.csv} (variant, round, metric, value),
 * {@code simulation-histories.jsonl} (what each user accepted in each round, per variant) and
 * {@code simulation-responses.jsonl} (the answers of rounds 1..T-1; round 0's are in
 * responses.jsonl). Each is written whole.
 *
 * <p>Per variant and round r (H_r: the history at the start of round r, L_r: round r's lists cut to
 * the largest K, p_0: the genre distribution of the training history H_0), each a mean over the
 * evaluated users unless said otherwise:
 * <ul>
 * <li>{@code history_entropy}: {@link GenreEntropy} of H_r (rounds 0..T, so round T is the history
 * after the last acceptance);
 * <li>{@code history_kl}: C_KL(p_0, H_r) ({@link CalibrationKl#divergence}, alpha 0.01): how far the
 * history drifted from the round-0 profile (0 at round 0; rounds 0..T);
 * <li>{@code calibration_kl}: C_KL(p_0, L_r), the lists against the round-0 profile;
 * <li>{@code homogenisation}: {@link Homogenisation} (mean Jaccard over user pairs) of the L_r;
 * <li>{@code arp}: {@link AverageRecommendationPopularity} of L_r (training popularity);
 * <li>{@code coverage}: {@link Coverage} of the union of the L_r over the catalog;
 * <li>{@code accepted}: the mean number of items accepted in round r.
 * </ul>
 * Users whose value is undefined (an empty list for ARP, no genres) are skipped in a mean.
 */
final class SimulationOutputs {

    static final String ROUNDS = "rounds.csv";
    static final String HISTORIES = "simulation-histories.jsonl";
    static final String RESPONSES = "simulation-responses.jsonl";
    static final List<String> HISTORY_METRICS = List.of("history_entropy", "history_kl");
    static final List<String> LIST_METRICS = List.of("calibration_kl", "homogenisation", "arp", "coverage", "accepted");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One value of rounds.csv. */
    record Row(String variant, int round, String metric, double value) {
    }

    private SimulationOutputs() {
    }

    static void write(Path folder, RunSetup setup, List<CallRecord> all) throws IOException {
        List<Row> rows = rounds(setup, all);
        FileTrees.writeAtomically(folder.resolve(ROUNDS), w -> {
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader("variant", "round", "metric", "value").get())) {
                for (Row r : rows) {
                    csv.printRecord(r.variant(), r.round(), r.metric(), Double.isNaN(r.value()) ? "" : RunOutputs.format(r.value()));
                }
            }
        });
        Simulation sim = setup.simulation();
        Items items = setup.dataset().items();
        int rounds = sim.spec().rounds();
        FileTrees.writeAtomically(folder.resolve(HISTORIES), w -> {
            for (Variant v : setup.variants()) {
                for (int u : setup.users()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("variant", v.id());
                    m.put("user", setup.dataset().users().id(u));
                    m.put("training_length", setup.split().history(u).length);
                    List<List<String>> accepted = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        accepted.add(Arrays.stream(sim.acceptedIn(v.id(), u, r)).mapToObj(items::id).toList());
                    }
                    m.put("accepted", accepted);
                    w.write(JSON.writeValueAsString(m));
                    w.write('\n');
                }
            }
        });
        FileTrees.writeAtomically(folder.resolve(RESPONSES), w -> {
            for (CallRecord r : all) {
                if (r.round() > 0) {
                    w.write(JSON.writeValueAsString(r.toJson()));
                    w.write('\n');
                }
            }
        });
    }

    /** What summary.json says of the simulation: its settings, its files, and what the choice model could not do. */
    static Map<String, Object> summary(RunSetup setup) {
        SimulationSpec s = setup.spec().simulation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", s.rounds());
        m.put("accept", s.accept());
        m.put("seed", s.seed());
        if (s.accept().equals("liked")) {
            m.put("likedThreshold", s.likedThreshold());
        }
        if (setup.candidateProtocol()) {
            m.put("candidates", s.candidates());
        }
        m.put("files", List.of(ROUNDS, HISTORIES, RESPONSES));
        if (s.accept().equals("liked") && !setup.simulation().heldOutRated()) {
            m.put("note", "the held-out data has no ratings: the liked choice model accepted nothing in any round");
        }
        return m;
    }

    /** Every row of rounds.csv, in plan order: variant, round, metric. */
    static List<Row> rounds(RunSetup setup, List<CallRecord> all) {
        Simulation sim = setup.simulation();
        int rounds = sim.spec().rounds();
        int maxK = setup.spec().maxK();
        Items items = setup.dataset().items();
        int catalog = items.size();
        Genres genres = SplitAdapter.genres(items);
        Popularity popularity = SplitAdapter.popularity(setup.split());
        GenreEntropy entropy = new GenreEntropy(genres);
        CalibrationKl calibration = new CalibrationKl(genres);
        AverageRecommendationPopularity arp = new AverageRecommendationPopularity(popularity);
        Map<String, CallRecord> byKey = new HashMap<>();
        for (CallRecord r : all) {
            if (r.repeat() == 0) {
                byKey.put(Call.key(r.variant(), r.user(), 0, r.round()), r);
            }
        }
        int[] users = setup.users();
        List<Row> out = new ArrayList<>();
        for (Variant v : setup.variants()) {
            for (int round = 0; round <= rounds; round++) {
                double[] h = new double[users.length];
                double[] drift = new double[users.length];
                for (int n = 0; n < users.length; n++) {
                    int u = users[n];
                    int[] start = Arrays.stream(setup.split().history(u)).distinct().toArray();
                    int[] now = Arrays.stream(sim.history(v.id(), u, round)).distinct().toArray();
                    h[n] = entropy.of(now);
                    drift[n] = CalibrationKl.divergence(genres.distribution(start), genres.distribution(now), CalibrationKl.DEFAULT_ALPHA);
                }
                out.add(new Row(v.id(), round, "history_entropy", mean(h)));
                out.add(new Row(v.id(), round, "history_kl", mean(drift)));
                if (round == rounds) {
                    break;
                }
                SystemMetric.Accumulator homogenisation = new Homogenisation().accumulator();
                SystemMetric.Accumulator coverage = new Coverage(catalog).accumulator();
                double[] kl = new double[users.length];
                double[] pop = new double[users.length];
                double[] accepted = new double[users.length];
                for (int n = 0; n < users.length; n++) {
                    int u = users[n];
                    CallRecord r = byKey.get(Call.key(v.id(), setup.dataset().users().id(u), 0, round));
                    int[] raw = r == null ? new int[0]
                            : r.slots().stream().mapToInt(s -> s.itemId() == null ? -1 : items.indexOf(s.itemId())).toArray();
                    UserRecs recs = new UserRecs(u, RankedList.of(raw, catalog).top(maxK), setup.split().heldOut(u),
                            setup.split().history(u));
                    homogenisation.add(recs);
                    coverage.add(recs);
                    kl[n] = calibration.evaluate(recs);
                    pop[n] = arp.evaluate(recs);
                    accepted[n] = sim.acceptedIn(v.id(), u, round).length;
                }
                out.add(new Row(v.id(), round, "calibration_kl", mean(kl)));
                out.add(new Row(v.id(), round, "homogenisation", homogenisation.evaluate()));
                out.add(new Row(v.id(), round, "arp", mean(pop)));
                out.add(new Row(v.id(), round, "coverage", coverage.evaluate()));
                out.add(new Row(v.id(), round, "accepted", mean(accepted)));
            }
        }
        return out;
    }

    /** The mean of the defined values; NaN when none is. */
    private static double mean(double[] xs) {
        return Arrays.stream(xs).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
    }
}
