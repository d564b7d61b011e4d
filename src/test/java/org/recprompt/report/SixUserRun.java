package org.recprompt.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A six-user run folder over a six-item dataset written beside it (genres, timestamps), so that the
 * run's dataset is at hand. Item 1 has 5 training interactions, item 2 has 3, item 3 has 1, items
 * 4-6 none (9 in all). Held-out items (leave-last-out): u1 3, u2 4, u3 5, u4 2, u5 6, u6 1. One
 * variant "v", K = 2, ndcg@2 of u1..u6 = .1 .. .6 in metrics-per-user.csv; its answers rank the
 * held-out item last of three candidates (u6's first).
 */
final class SixUserRun {

    private final Path dir;

    SixUserRun(Path dir) {
        this.dir = dir;
    }

    static final String[][] RATINGS = {{"1", "1", "2", "3"}, {"2", "1", "2", "4"}, {"3", "1", "5"}, {"4", "1", "2"}, {"5", "1", "3", "6"},
            {"6", "2", "1"}};
    static final String[] HELD_OUT = {"3", "4", "5", "2", "6", "1"};

    Path dataset() throws IOException {
        Path data = Files.createDirectories(dir.resolve("six"));
        Files.write(data.resolve("movies.csv"), List.of("movieId,title,genres", "1,A (1999),Drama", "2,B (1995),Comedy",
                "3,C (1995),Drama|Comedy", "4,D (1990),Comedy", "5,E (1987),Drama", "6,F (1980),Horror"), StandardCharsets.UTF_8);
        List<String> ratings = new java.util.ArrayList<>(List.of("userId,movieId,rating,timestamp"));
        int interactions = 0;
        for (String[] r : RATINGS) {
            for (int i = 1; i < r.length; i++) {
                ratings.add(r[0] + "," + r[i] + ",4.0," + (100 * i));
                interactions++;
            }
        }
        Files.write(data.resolve("ratings.csv"), ratings, StandardCharsets.UTF_8);
        if (interactions != 15) {
            throw new IllegalStateException("the summary says 15 interactions, not " + interactions);
        }
        return data;
    }

    /** The run folder {@code dir/run} over the dataset, with the given split method recorded. */
    Path run(Path dataset, String split) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("summary.json"), """
                {"dataset": {"path": "%s", "format": "movielens-csv", "interactions": 15},
                 "split": {"method": "%s"}, "k": [2],
                 "variants": [{"id": "v", "metrics": {"ndcg@2": {"mean": 0.35}, "arp": {"mean": 0.4167}}}]}""".formatted(dataset, split));
        List<String> perUser = new java.util.ArrayList<>(List.of("variant,user,ndcg@2"));
        List<String> responses = new java.util.ArrayList<>();
        for (int n = 0; n < 6; n++) {
            int u = n;
            perUser.add("v," + (u + 1) + "," + (u + 1) / 10.0);
            List<String> others = List.of("4", "5", "6", "3").stream().filter(x -> !rated(u, x)).limit(2).toList();
            List<String> order = u == 5 ? List.of(HELD_OUT[u], others.get(0), others.get(1)) : List.of(others.get(0), others.get(1), HELD_OUT[u]);
            StringBuilder slots = new StringBuilder();
            for (int r = 0; r < 3; r++) {
                slots.append(r == 0 ? "" : ",").append("{\"slot\": ").append(r + 1).append(", \"item_id\": \"").append(order.get(r))
                        .append("\", \"outcome\": \"VALID\"}");
            }
            responses.add("{\"variant\": \"v\", \"user\": \"" + (u + 1) + "\", \"status\": \"OK\", \"slots\": [" + slots
                    + "], \"candidates\": [\"" + String.join("\", \"", order) + "\"], \"relevant\": [\"" + HELD_OUT[u] + "\"]}");
        }
        Files.write(run.resolve("metrics-per-user.csv"), perUser);
        Files.write(run.resolve("responses.jsonl"), responses);
        return run;
    }

    static boolean rated(int u, String item) {
        return List.of(RATINGS[u]).subList(1, RATINGS[u].length).contains(item);
    }

}
