package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.experiment.RunProgress.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The echo-chamber simulation on a fixture small enough to follow by hand.
 *
 * <p>Items 1-4 are Action, 5 Comedy, 6 Drama, 7 Romance, 8 Horror. Before the time cut, five
 * background users (never evaluated: they have no held-out interaction) make the Action items
 * popular; u1 watched 1, 5, 6; u2 2, 5, 7; u3 3, 6, 7; after the cut each watched 8 (held out).
 * Training popularity (distinct users): 1: 6, 2: 5, 3: 4, 4: 3, 5-7: 2, 8: 0. Most-popular with
 * K = 1 over the whole catalog (unseen items only), top-1 acceptance, 3 rounds:
 * <pre>
 *           u1            u2            u3
 * round 0   [2] accept 2  [1] accept 1  [1] accept 1
 * round 1   [3] accept 3  [3] accept 3  [2] accept 2
 * round 2   [4] accept 4  [4] accept 4  [4] accept 4
 * </pre>
 * Every history starts as one Action item and two others and gains one Action item per round, so
 * each user's genre shares go (1/3, 1/3, 1/3), (2/4, 1/4, 1/4), (3/5, 1/5, 1/5), (4/6, 1/6, 1/6).
 */
class SimulationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final double EPS = 1e-6;

    @TempDir
    Path dir;

    Path fixture() throws Exception {
        Path d = Files.createDirectories(dir.resolve("data"));
        Files.writeString(d.resolve("movies.csv"), """
                movieId,title,genres
                1,One (2001),Action
                2,Two (2002),Action
                3,Three (2003),Action
                4,Four (2004),Action
                5,Five (2005),Comedy
                6,Six (2006),Drama
                7,Seven (2007),Romance
                8,Eight (2008),Horror
                """);
        StringBuilder r = new StringBuilder("userId,movieId,rating,timestamp\n");
        Map<String, int[]> histories = new LinkedHashMap<>();
        histories.put("b1", new int[] {1, 2, 3, 4});
        histories.put("b2", new int[] {1, 2, 3, 4});
        histories.put("b3", new int[] {1, 2, 3, 4});
        histories.put("b4", new int[] {1, 2});
        histories.put("b5", new int[] {1});
        histories.put("u1", new int[] {1, 5, 6});
        histories.put("u2", new int[] {2, 5, 7});
        histories.put("u3", new int[] {3, 6, 7});
        int t = 100;
        for (Map.Entry<String, int[]> e : histories.entrySet()) {
            for (int item : e.getValue()) {
                r.append(e.getKey()).append(',').append(item).append(",3.0,").append(t++).append('\n');
            }
            if (e.getKey().startsWith("u")) {
                r.append(e.getKey()).append(",8,5.0,").append(9000 + t++).append('\n');
            }
        }
        Files.writeString(d.resolve("ratings.csv"), r.toString());
        return d;
    }

    Path experiment(String name, Path data, String backends, String simulation, int k) throws Exception {
        Path exp = dir.resolve(name + ".yaml");
        Files.writeString(exp, """
                name: %s
                dataset: { path: %s }
                split: { method: time-cut, cut: 5000 }
                backends: %s
                k: [%d]
                simulation: %s
                """.formatted(name, data.toAbsolutePath(), backends, k, simulation));
        return exp;
    }

    RunSetup setup(Path experiment) {
        return RunSetup.prepare(ExperimentFile.load(experiment, dir), RunEnvironment.offline().withEnv(v -> null));
    }

    /** rounds.csv as variant -> "round metric" -> value. */
    static Map<String, Map<String, Double>> rounds(Path out) throws Exception {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        try (var reader = Files.newBufferedReader(out.resolve("rounds.csv"), StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                m.computeIfAbsent(rec.get("variant"), v -> new LinkedHashMap<>()).put(rec.get("round") + " " + rec.get("metric"),
                        rec.get("value").isEmpty() ? Double.NaN : Double.parseDouble(rec.get("value")));
            }
        }
        return m;
    }

    static double entropy(double... p) {
        double h = 0;
        for (double x : p) {
            h -= x * Math.log(x) / Math.log(2);
        }
        return h;
    }

    @Test
    void most_popular_with_top_1_narrows_genre_entropy_and_homogenises_by_the_amounts_computed_by_hand() throws Exception {
        Path exp = experiment("bubble", fixture(), "[ { id: pop, type: most-popular } ]", "{ rounds: 3, accept: top-1 }", 1);
        RunSetup setup = setup(exp);
        assertThat(setup.users()).hasSize(3);
        Path out = dir.resolve("out");

        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        long[] total = new long[1];
        ExperimentRun.Result result = ExperimentRun.start(setup, out, false, new org.recprompt.base.ProgressMonitor() {
            @Override
            public void begin(long totalWork) {
                total[0] = totalWork;
            }

            @Override
            public void worked(long amount) {
            }

            @Override
            public void message(String message) {
                messages.add(message);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        }).await();

        assertThat(result.state()).isEqualTo(State.COMPLETE);
        assertThat(total[0]).as("every round's calls are the run's work").isEqualTo(9);
        assertThat(messages).as("what the progress view and the experiment tab show").contains("Round 1 of 3: 3 calls",
                "Round 2 of 3: 3 calls (3 in earlier rounds)", "Round 3 of 3: 3 calls (6 in earlier rounds)");
        Map<String, Double> pop = rounds(out).get("pop");
        assertThat(pop.get("0 history_entropy")).isCloseTo(entropy(1 / 3.0, 1 / 3.0, 1 / 3.0), within(EPS));
        assertThat(pop.get("1 history_entropy")).isCloseTo(1.5, within(EPS));
        assertThat(pop.get("2 history_entropy")).isCloseTo(entropy(0.6, 0.2, 0.2), within(EPS));
        assertThat(pop.get("3 history_entropy")).isCloseTo(entropy(4 / 6.0, 1 / 6.0, 1 / 6.0), within(EPS));
        // round 0: [2], [1], [1] -> one identical pair of three; round 1: [3], [3], [2]; round 2: all [4]
        assertThat(pop.get("0 homogenisation")).isCloseTo(1 / 3.0, within(EPS));
        assertThat(pop.get("1 homogenisation")).isCloseTo(1 / 3.0, within(EPS));
        assertThat(pop.get("2 homogenisation")).isCloseTo(1.0, within(EPS));
        // ARP: (5 + 6 + 6) / 3, (4 + 4 + 5) / 3, 3; coverage: {1, 2}, {2, 3}, {4} of 8 items
        assertThat(pop.get("0 arp")).isCloseTo(17 / 3.0, within(EPS));
        assertThat(pop.get("1 arp")).isCloseTo(13 / 3.0, within(EPS));
        assertThat(pop.get("2 arp")).isCloseTo(3.0, within(EPS));
        assertThat(pop.get("0 coverage")).isCloseTo(2 / 8.0, within(EPS));
        assertThat(pop.get("2 coverage")).isCloseTo(1 / 8.0, within(EPS));
        assertThat(pop.get("1 accepted")).isCloseTo(1.0, within(EPS));
        // history drift from p0 = (1/3, 1/3, 1/3): 0 at round 0; at round 3 q = (4/6, 1/6, 1/6), q~ = 0.99 q + 0.01 p0
        assertThat(pop.get("0 history_kl")).isCloseTo(0.0, within(EPS));
        double a = 0.99 * 4 / 6 + 0.01 / 3;
        double o = 0.99 / 6 + 0.01 / 3;
        double drift = (Math.log(1 / 3.0 / a) + 2 * Math.log(1 / 3.0 / o)) / 3 / Math.log(2);
        assertThat(pop.get("3 history_kl")).isCloseTo(drift, within(EPS));
        // every list is one Action item: q = (1, 0, 0) against p0 = (1/3, 1/3, 1/3)
        double one = (Math.log(1 / 3.0 / (0.99 + 0.01 / 3)) + 2 * Math.log(1 / 3.0 / (0.01 / 3))) / 3 / Math.log(2);
        assertThat(pop.get("0 calibration_kl")).isCloseTo(one, within(EPS));
        assertThat(pop).doesNotContainKey("3 arp");

        List<JsonNode> histories = ExperimentRunTest.lines(out.resolve("simulation-histories.jsonl"));
        assertThat(histories).hasSize(3);
        assertThat(histories.get(0).path("user").asText()).isEqualTo("u1");
        assertThat(histories.get(0).path("accepted").toString()).isEqualTo("[[\"2\"],[\"3\"],[\"4\"]]");
        assertThat(histories.get(2).path("accepted").toString()).isEqualTo("[[\"1\"],[\"2\"],[\"4\"]]");
        // round 0 is the ordinary evaluation; rounds 1 and 2 are kept apart
        assertThat(ExperimentRunTest.lines(out.resolve("responses.jsonl"))).hasSize(3);
        List<JsonNode> later = ExperimentRunTest.lines(out.resolve("simulation-responses.jsonl"));
        assertThat(later).hasSize(6).allSatisfy(n -> assertThat(n.path("round").asInt()).isBetween(1, 2));
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("simulation").path("rounds").asInt()).isEqualTo(3);
        assertThat(summary.path("simulation").path("accept").asText()).isEqualTo("top-1");
    }

    @Test
    void the_liked_model_accepts_only_listed_items_rated_at_least_the_threshold_in_held_out_data() throws Exception {
        // item 8 (held out, rated 5) has no training user, so most-popular lists it last: with K = 8 every
        // list holds it, and only it is liked; once accepted, nothing more is
        Path exp = experiment("liked", fixture(), "[ { id: pop, type: most-popular } ]",
                "{ rounds: 2, accept: liked, likedThreshold: 4.5 }", 8);

        ExperimentRun.start(setup(exp), dir.resolve("out"), false, null).await();

        List<JsonNode> histories = ExperimentRunTest.lines(dir.resolve("out/simulation-histories.jsonl"));
        assertThat(histories).allSatisfy(h -> assertThat(h.path("accepted").toString()).isEqualTo("[[\"8\"],[]]"));
    }

    @Test
    void a_simulation_is_reproducible_from_its_seed() throws Exception {
        Path data = fixture();
        String backends = "[ { id: pop, type: most-popular }, { id: knn, type: item-knn } ]";
        Path a = experiment("a", data, backends, "{ rounds: 3, accept: by-rank, seed: 11 }", 3);
        Path b = experiment("b", data, backends, "{ rounds: 3, accept: by-rank, seed: 11 }", 3);

        ExperimentRun.start(setup(a), dir.resolve("a-out"), false, null).await();
        ExperimentRun.start(setup(b), dir.resolve("b-out"), false, null).await();

        assertThat(Files.readString(dir.resolve("b-out/rounds.csv"))).isEqualTo(Files.readString(dir.resolve("a-out/rounds.csv")))
                .contains("knn,3,history_entropy");
        assertThat(Files.readString(dir.resolve("b-out/simulation-histories.jsonl")))
                .isEqualTo(Files.readString(dir.resolve("a-out/simulation-histories.jsonl")));
    }

    @Test
    void a_simulation_cancelled_between_rounds_resumes_into_the_same_trajectories() throws Exception {
        Path data = fixture();
        String backends = "[ { id: pop, type: most-popular }, { id: knn, type: item-knn } ]";
        Path exp = experiment("resume", data, backends, "{ rounds: 3, accept: by-rank, seed: 5 }", 2);
        ExperimentRun.start(setup(exp), dir.resolve("whole"), false, null).await();

        Path out = dir.resolve("split");
        ExperimentRun.Result first = ExperimentRun.start(setup(exp), out, false, new ExperimentRunTest.CancelAfter(8)).await();
        assertThat(first.state()).isEqualTo(State.CANCELLED);
        ExperimentRun second = ExperimentRun.start(setup(exp), out, true, null);
        assertThat(second.resumedCalls()).isGreaterThanOrEqualTo(8);
        assertThat(second.await().state()).isEqualTo(State.COMPLETE);

        assertThat(Files.readString(out.resolve("rounds.csv"))).isEqualTo(Files.readString(dir.resolve("whole/rounds.csv")));
        assertThat(Files.readString(out.resolve("simulation-histories.jsonl")))
                .isEqualTo(Files.readString(dir.resolve("whole/simulation-histories.jsonl")));
    }

    @Test
    void a_language_model_is_asked_again_each_round_with_the_accepted_items_in_its_history_and_not_among_its_candidates()
            throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 6);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            // The fake model ranks the candidates in reverse: top-1 accepts the last candidate shown.
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, 6, "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl()
                    + "\", model: m, concurrency: 2 }");
            Files.writeString(exp, Files.readString(exp) + "simulation: { rounds: 3, accept: top-1, candidates: fixed }\n");
            RunSetup setup = setup(exp);

            ExperimentRun.Result r = ExperimentRun.start(setup, dir.resolve("out"), false, null).await();

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            assertThat(server.total.get()).isEqualTo(6 * 3);
            Variant v = setup.variants().get(0);
            int user = setup.users()[0];
            var items = setup.dataset().items();
            int[] round0 = setup.candidates(v, user).items();
            int first = round0[round0.length - 1];
            int[] round1 = setup.shownCandidates(v, user, 1);
            assertThat(round1).hasSize(round0.length - 1).doesNotContain(first);
            int second = round1[round1.length - 1];
            String prompt = setup.render(v, user, 2).messages().get(1).text();
            List<String> history = prompt.lines().filter(l -> l.matches("\\d+\\. .*")).toList();
            assertThat(history).as("11 training items, then the two accepted").hasSize(13);
            assertThat(history.get(11)).endsWith(items.title(first));
            assertThat(history.get(12)).endsWith(items.title(second));
            assertThat(prompt).doesNotContain("] " + items.title(first)).doesNotContain("] " + items.title(second));
            JsonNode histories = ExperimentRunTest.lines(dir.resolve("out/simulation-histories.jsonl")).get(0);
            assertThat(histories.path("accepted").get(0).get(0).asText()).isEqualTo(items.id(first));
            assertThat(histories.path("accepted").get(1).get(0).asText()).isEqualTo(items.id(second));
            List<JsonNode> later = ExperimentRunTest.lines(dir.resolve("out/simulation-responses.jsonl"));
            assertThat(later).hasSize(12).allSatisfy(n -> assertThat(n.path("candidates").size()).isEqualTo(10 - n.path("round").asInt()));
        }
    }

    @Test
    void a_later_round_is_asked_again_when_an_earlier_one_has_no_record() {
        Variant v = new Variant(0, "pop", ExperimentSpec.BackendSpec.ranker("pop", "most-popular"), null, null, null, 0);
        List<Call> calls = List.of(new Call(v, 0, "u", 0, 0, 0), new Call(v, 0, "u", 0, 1, 1), new Call(v, 0, "u", 0, 2, 2),
                new Call(v, 1, "w", 0, 0, 3), new Call(v, 1, "w", 0, 1, 4));
        Map<String, CallRecord> records = new LinkedHashMap<>();
        for (Call c : calls) {
            if (!(c.userId().equals("u") && c.round() == 1)) {
                records.put(c.key(), record(c, "OK"));
            }
        }
        records.put(calls.get(3).key(), record(calls.get(3), "ERROR"));

        ExperimentRun.dropAfterGaps(calls, records);

        assertThat(records.keySet()).containsExactlyInAnyOrder(calls.get(0).key(), calls.get(3).key());
    }

    static CallRecord record(Call c, String status) {
        return new CallRecord(c.variant().id(), "pop", null, null, c.userId(), c.repeat(), status, null, null, List.of(), 0, 0, 0, 0,
                false, 1, null, List.of(), List.of(), null, c.round());
    }

    /**
     * A popularity-chasing model (most-popular, top-1) over candidates retrieved by item-kNN. Items 1-10
     * are popular (b1-b6 watched all; popularity 6, item 1 also 9 with u1-u3); u1 watched 11, 12 and 1,
     * and h1 watched 11, 12 and 21-24 (popularity 1); u2 and u3 likewise (13, 14, 25-28; 15, 16, 29-32).
     * For u1: sim(11 or 12, 21-24) = 1/sqrt(2) each, so 21-24 score 1.414; sim(1, j) = 6/sqrt(9 * 6) =
     * 0.816 and sim(i, j) = 1 for the popular items i, j >= 2. Round 0: 21-24 and item 2 (0.816), the
     * list [2, 21, 22, 23, 24], ARP (6 + 4) / 5 = 2; item 2 is accepted. Fresh round 1 retrieves from
     * the grown profile: items 3-10 score 1.816 > 1.414, five popular candidates, ARP 6; round 2 the
     * same. The fixed set (round 0's without item 2) leaves 21-24: ARP 1 - the loop cannot show.
     */
    @Test
    void fresh_retrieved_candidates_let_a_popularity_chasing_model_raise_arp_over_rounds() throws Exception {
        Path d = Files.createDirectories(dir.resolve("loop"));
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        for (int m = 1; m <= 42; m++) {
            movies.append(m).append(",Item ").append(m).append(" (2000),").append(m <= 10 ? "Action" : "Drama").append('\n');
        }
        Files.writeString(d.resolve("movies.csv"), movies.toString());
        StringBuilder r = new StringBuilder("userId,movieId,rating,timestamp\n");
        int[] t = {100};
        java.util.function.BiConsumer<String, int[]> watch = (user, items) -> {
            for (int item : items) {
                r.append(user).append(',').append(item).append(",4.0,").append(t[0]++).append('\n');
            }
        };
        for (int b = 1; b <= 6; b++) {
            watch.accept("b" + b, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        }
        for (int u = 1; u <= 3; u++) {
            int n = 11 + 2 * (u - 1);
            int m = 21 + 4 * (u - 1);
            watch.accept("u" + u, new int[] {n, n + 1, 1});
            watch.accept("h" + u, new int[] {n, n + 1, m, m + 1, m + 2, m + 3});
            r.append("u").append(u).append(',').append(39 + u).append(",5.0,").append(9000 + u).append('\n');
        }
        Files.writeString(d.resolve("ratings.csv"), r.toString());
        Map<String, Double> arp = new LinkedHashMap<>();
        for (String mode : List.of("fresh", "fixed")) {
            Path exp = dir.resolve(mode + ".yaml");
            Files.writeString(exp, """
                    name: loop-%s
                    dataset: { path: %s }
                    split: { method: time-cut, cut: 5000 }
                    candidates: { size: 5, negatives: retrieved, retriever: item-knn, seed: 3 }
                    backends: [ { id: pop, type: most-popular } ]
                    k: [5]
                    simulation: { rounds: 3, accept: top-1, candidates: %s }
                    """.formatted(mode, d.toAbsolutePath(), mode));
            RunSetup setup = setup(exp);
            assertThat(setup.users()).hasSize(3);
            ExperimentRun.Result result = ExperimentRun.start(setup, dir.resolve("out-" + mode), false, null).await();
            assertThat(result.state()).isEqualTo(State.COMPLETE);
            Map<String, Double> pop = rounds(dir.resolve("out-" + mode)).get("pop");
            for (int round = 0; round < 3; round++) {
                arp.put(mode + " " + round, pop.get(round + " arp"));
            }
        }
        assertThat(arp.get("fresh 0")).isCloseTo(2.0, within(EPS));
        assertThat(arp.get("fresh 1")).isCloseTo(6.0, within(EPS));
        assertThat(arp.get("fresh 2")).isCloseTo(6.0, within(EPS));
        assertThat(arp.get("fixed 0")).isCloseTo(2.0, within(EPS));
        assertThat(arp.get("fixed 1")).isCloseTo(1.0, within(EPS));
        assertThat(arp.get("fixed 2")).isCloseTo(1.0, within(EPS));
    }
}
