package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.http.client.HttpRequest;

/**
 * The rehearsal goes through the adapter's real path: langchain4j sends the request a live call
 * sends (to the stand-in client, never a socket), and the canned answer is read into a successful
 * result with its text and usage. If langchain4j stopped reading the canned answer, the rehearsal
 * would only rehearse a failure; this test says so first.
 */
class CallRehearsalTest {

    @Test
    void the_canned_answer_is_read_as_a_live_answer_is() throws Exception {
        AtomicReference<HttpRequest> sent = new AtomicReference<>();

        var result = CallRehearsal.openAiCompatible(sent);

        assertThat(result.isOk()).as(String.valueOf(result.failure())).isTrue();
        assertThat(result.text()).isEqualTo("1. Heat (1995)\n2. Casino (1995)");
        assertThat(result.usage().inputTokens()).isEqualTo(24);
        assertThat(result.usage().outputTokens()).isEqualTo(9);

        HttpRequest request = sent.get();
        assertThat(request.url()).endsWith("/chat/completions");
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.path("model").asText()).isEqualTo("rehearsal");
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").path(1).path("content").asText()).contains("Rank these candidates");
    }
}
