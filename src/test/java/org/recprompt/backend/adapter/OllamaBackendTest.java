package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.recprompt.backend.Backend;
import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.prompt.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Ollama has no refusal signal (a refusal is ordinary text), so that case is skipped. */
class OllamaBackendTest extends BackendContractTest {

    @Override
    Backend backend(String root, Duration timeout, String apiKey) {
        return new OllamaBackend(root, "llama3.2", new LlmParameters(0.3, null, 7, 32, true, timeout, 20));
    }

    @Override
    String success(String text, int in, int out) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":"
                + q(text) + "},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":" + in + ",\"eval_count\":" + out + "}";
    }

    @Override
    String empty() {
        return success("", 3, 0);
    }

    @Override
    String refusal() {
        return null;
    }

    @Override
    String expectedPath() {
        return "/api/chat";
    }

    @Override
    boolean usesKey() {
        return false;
    }

    @Test
    void options_are_sent_natively() throws Exception {
        script.add(Reply.json(200, success("{}", 1, 1)));
        backend().generate(REQUEST);
        JsonNode body = new ObjectMapper().readTree(seen.get(0).body());
        assertThat(body.path("options").path("seed").asInt()).isEqualTo(7);
        assertThat(body.path("options").path("num_predict").asInt()).isEqualTo(32);
        assertThat(body.path("options").path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("format").asText()).isEqualTo("json");
        assertThat(body.path("stream").asBoolean(true)).isFalse();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OLLAMA_BASE_URL", matches = ".+")
    void live_ollama() {
        String model = System.getenv().getOrDefault("OLLAMA_MODEL", "llama3.2");
        Backend b = new OllamaBackend(System.getenv("OLLAMA_BASE_URL"), model,
                new LlmParameters(0.0, null, 1, 5, false, Duration.ofSeconds(60), 20));
        BackendResult r = b.generate(BackendRequest.of(List.of(new Message("user", "Reply with the single letter A."))));
        assertThat(r.failure()).isNull();
    }
}
