package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code bench fleet} at a small size: it checks the accounting (no call lost, the stopped server set aside), never speed. */
class BenchFleetTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void a_fleet_losing_a_server_half_way_answers_every_call_and_says_where() throws Exception {
        int code = run("bench", "fleet", "--calls", "80", "--servers", "3", "--concurrency", "2", "--latency-ms", "5",
                "--warmup", "0", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("lost").asInt()).isZero();
        assertThat(json.path("errors").asInt()).isZero();
        assertThat(json.path("pass").asBoolean()).isTrue();
        long answered = 0;
        for (JsonNode e : json.path("endpoints")) {
            answered += e.path("answered").asLong();
            boolean stopped = e.path("url").asText().equals(json.path("stopped").asText());
            assertThat(e.path("set_aside").asInt()).as(e.toString()).isEqualTo(stopped ? 1 : 0);
            assertThat(e.path("healthy").asBoolean()).isEqualTo(!stopped);
        }
        assertThat(answered).isEqualTo(80);
        assertThat(json.path("endpoints")).hasSize(3);
        assertThat(json.path("before_ideal").asDouble()).isEqualTo(3 * 2 * 1000.0 / 5);
        assertThat(json.path("after_ideal").asDouble()).isEqualTo(2 * 2 * 1000.0 / 5);
    }

    @Test
    void a_fleet_of_one_server_is_a_usage_error() {
        assertThat(run("bench", "fleet", "--servers", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--servers from 2 to 32");
    }
}
