package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The benchmarks' OpenAI-compatible server speaks HTTP/1.1 as a model server does, and counts what it saw. */
class FakeChatServerTest {

    @Test
    void answers_chat_completions_on_a_kept_alive_connection_and_refuses_anything_else() throws Exception {
        try (FakeChatServer server = FakeChatServer.start(1)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(40_000) + "\"}]}";
            HttpRequest chat = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();

            for (int i = 1; i <= 3; i++) {
                HttpResponse<String> r = http.send(chat, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
                JsonNode json = new ObjectMapper().readTree(r.body());
                assertThat(json.path("id").asText()).isEqualTo("chatcmpl-bench-" + i);
                assertThat(json.path("choices").path(0).path("message").path("content").asText()).startsWith("1. Toy Story");
                assertThat(json.path("usage").path("prompt_tokens").asInt()).isEqualTo(body.length() / 4);
            }
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(server.requests()).isEqualTo(4);
            assertThat(server.connections()).as("one kept-alive connection").isEqualTo(1);
            assertThat(server.peakInFlight()).isEqualTo(1);
            server.resetCounters();
            assertThat(server.requests()).isZero();
            assertThat(server.connections()).isZero();
        }
    }
}
