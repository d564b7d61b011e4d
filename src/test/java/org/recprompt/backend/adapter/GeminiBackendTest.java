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

class GeminiBackendTest extends BackendContractTest {

    @Override
    Backend backend(String root, Duration timeout, String apiKey) {
        return new GeminiBackend(root + "/v1beta", "gemini-test", apiKey, new LlmParameters(0.4, null, 11, 40, true, timeout, 20), null);
    }

    @Override
    String success(String text, int in, int out) {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":" + q(text) + "}]},\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":" + in + ",\"candidatesTokenCount\":" + out + ",\"totalTokenCount\":" + (in + out) + "}}";
    }

    @Override
    String empty() {
        return success("", 3, 0);
    }

    @Override
    String refusal() {
        return "{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0,\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\","
                + "\"probability\":\"HIGH\"}]}],\"usageMetadata\":{\"promptTokenCount\":3,\"totalTokenCount\":3}}";
    }

    @Override
    String expectedPath() {
        return "/v1beta/models/gemini-test:generateContent";
    }

    @Test
    void generation_config_is_sent() throws Exception {
        script.add(Reply.json(200, success("{}", 1, 1)));
        backend().generate(REQUEST);
        JsonNode body = new ObjectMapper().readTree(seen.get(0).body());
        JsonNode config = body.path("generationConfig");
        assertThat(config.path("seed").asInt()).isEqualTo(11);
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(40);
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(body.path("systemInstruction").toString()).contains("You recommend movies.");
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "GEMINI_API_KEY", matches = ".+")
    void live_gemini() {
        Backend b = Providers.create(new ProviderConfig("live", "gemini", null, "gemini-2.0-flash", null,
                new LlmParameters(0.0, null, 1, 5, false, Duration.ofSeconds(30), 20), null, 1));
        BackendResult r = b.generate(BackendRequest.of(List.of(new Message("user", "Reply with the single letter A."))));
        assertThat(r.failure()).isNull();
    }
}
