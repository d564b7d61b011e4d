package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.report.CostTable;
import org.recprompt.report.RunFolder;
import org.recprompt.report.StudyTables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run against a provider that reports cached prompt tokens: every call records them, summary.json
 * sums them per variant, the cost is priced at gpt-4o's cached rate, and the cost table of the run
 * tab and the reports shows input, cached and output tokens with the price basis.
 */
class CachedCostRunTest extends InProcessCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cached_tokens_are_recorded_summed_priced_at_the_cached_rate_and_shown() throws Exception {
        try (ExperimentFixtures.FakeOpenAi llm = new ExperimentFixtures.FakeOpenAi(0)) {
            llm.cachedTokens = 100;
            Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 12), ExperimentFixtures.template(dir, "ranking"),
                    12, "{ id: pop, type: most-popular }",
                    "{ id: gpt, type: openai, baseUrl: \"" + llm.baseUrl() + "\", model: gpt-4o, concurrency: 2 }");
            Path out = dir.resolve("out");
            int code = run("run", exp.toString(), "--out", out.toString(), "--quiet", "--no-cache");
            assertThat(code).as(err.toString()).isZero();

            List<String> lines = Files.readAllLines(out.resolve("responses.jsonl"));
            long in = 0;
            long cached = 0;
            long outTokens = 0;
            double costOfCalls = 0;
            for (String line : lines) {
                JsonNode n = JSON.readTree(line);
                if (!n.path("variant").asText().startsWith("gpt")) {
                    continue;
                }
                JsonNode u = n.path("usage");
                assertThat(u.path("cached_input_tokens").asLong()).isEqualTo(100);
                assertThat(u.path("cache_write_tokens").asLong()).isZero();
                in += u.path("input_tokens").asLong();
                cached += u.path("cached_input_tokens").asLong();
                outTokens += u.path("output_tokens").asLong();
                // gpt-4o list price: $2.50 input, $1.25 cached input, $10 output per million tokens
                double expected = ((u.path("input_tokens").asLong() - 100) * 2.50 + 100 * 1.25 + u.path("output_tokens").asLong() * 10.0) / 1e6;
                assertThat(n.path("cost").asDouble()).isCloseTo(expected, within(1e-9));
                costOfCalls += expected;
            }
            assertThat(cached).isEqualTo(1_200); // 12 users, one call each

            JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
            JsonNode gpt = null;
            for (JsonNode v : summary.path("variants")) {
                if (v.path("id").asText().startsWith("gpt")) {
                    gpt = v;
                }
            }
            assertThat(gpt).isNotNull();
            assertThat(gpt.path("usage").path("input_tokens").asLong()).isEqualTo(in);
            assertThat(gpt.path("usage").path("cached_input_tokens").asLong()).isEqualTo(1_200);
            assertThat(gpt.path("cost").asDouble()).isCloseTo(costOfCalls, within(1e-6));
            JsonNode basis = summary.path("backends").path(1).path("price_basis");
            assertThat(basis.path("cachedInput").asDouble()).isEqualTo(1.25);
            assertThat(basis.path("source").asText()).isEqualTo("list");

            StudyTables.Table t = CostTable.of(RunFolder.open(out));
            assertThat(t.rows()).hasSize(1);
            List<String> row = t.rows().get(0);
            assertThat(row.get(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", in));
            assertThat(row.get(2)).isEqualTo("1,200");
            assertThat(row.get(3)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", outTokens));
            assertThat(row.get(4)).isEqualTo(String.format(java.util.Locale.ROOT, "$%.6f", gpt.path("cost").asDouble()));
            assertThat(row.get(5)).isEqualTo("list price: $2.50 in, $1.25 cached, $2.50 cache write, $10.00 out per M");

            assertThat(run("report", out.toString(), "--format", "html", "--out", dir.resolve("r.html").toString())).as(err.toString()).isZero();
            assertThat(Files.readString(dir.resolve("r.html"))).contains("id=\"cost-table\"", "<td>1,200</td>", "$1.25 cached");
        }
    }
}
