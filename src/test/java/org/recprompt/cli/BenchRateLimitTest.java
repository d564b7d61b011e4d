package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The rate-limit benchmark's server and report; it checks what is reported, never how fast. */
class BenchRateLimitTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void the_server_writes_its_resets_as_the_go_durations_openai_sends() {
        assertThat(QuotaServer.goDuration(20)).isEqualTo("20ms");
        assertThat(QuotaServer.goDuration(0.2)).isEqualTo("1ms");
        assertThat(QuotaServer.goDuration(1_500)).isEqualTo("1.5s");
        assertThat(QuotaServer.goDuration(360_000)).isEqualTo("6m0s");
        assertThat(QuotaServer.goDuration(3_723_500)).isEqualTo("1h2m3.5s");
    }

    @Test
    void the_server_counts_four_tokens_for_three_words_and_four_a_message() throws Exception {
        JsonNode messages = new ObjectMapper().readTree(
                "[{\"role\":\"system\",\"content\":\"You recommend movies.\"},{\"role\":\"user\",\"content\":\"one two three four five six\"}]");
        assertThat(QuotaServer.promptTokens(messages)).isEqualTo((3 * 4 + 2) / 3 + 4 + 8 + 4);
    }

    @Test
    void a_short_run_reports_shares_of_the_allowed_throughput_and_the_refusals() throws Exception {
        int code = run("bench", "ratelimit", "--scenario", "requests", "--minutes", "0.05", "--warmup-seconds", "1",
                "--concurrency", "4", "--latency-ms", "5", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("requests_per_minute_allowed").asInt()).isEqualTo(600);
        assertThat(json.get("tokens_per_minute_allowed").asInt()).isEqualTo(200_000);
        assertThat(json.get("pacing").asBoolean()).isTrue();
        JsonNode s = json.get("scenarios").get(0);
        assertThat(s.get("scenario").asText()).isEqualTo("requests");
        assertThat(s.get("server_requests").asInt()).isPositive();
        assertThat(s.get("requests_share_of_allowed").asDouble()).isBetween(0.0, 1.0);
        assertThat(s.get("refused_share").asDouble()).isBetween(0.0, 1.0);
        assertThat(s.get("binding_limit").asText()).isIn("requests", "tokens");
        assertThat(json.get("within_target").isBoolean()).isTrue();
    }

    @Test
    void a_warm_up_as_long_as_the_scenario_is_a_usage_error() {
        int code = run("bench", "ratelimit", "--minutes", "0.1", "--warmup-seconds", "6");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--warmup-seconds");
    }
}
