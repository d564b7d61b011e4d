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

class AnthropicBackendTest extends BackendContractTest {

    @Override
    Backend backend(String root, Duration timeout, String apiKey) {
        return new AnthropicBackend(root + "/v1/", "claude-test", apiKey, new LlmParameters(0.1, null, null, 50, false, timeout, 20), null);
    }

    @Override
    String success(String text, int in, int out) {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[{\"type\":\"text\",\"text\":"
                + q(text) + "}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out + "}}";
    }

    @Override
    String empty() {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}";
    }

    @Override
    String refusal() {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],"
                + "\"stop_reason\":\"refusal\",\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}";
    }

    @Override
    String expectedPath() {
        return "/v1/messages";
    }

    @Test
    void system_and_parameters_are_sent_in_anthropic_form() throws Exception {
        script.add(Reply.json(200, success("ok", 1, 1)));
        backend().generate(REQUEST);
        JsonNode body = new ObjectMapper().readTree(seen.get(0).body());
        assertThat(body.path("system").toString()).contains("You recommend movies.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("user");
        assertThat(seen.get(0).headers().getFirst("x-api-key")).isEqualTo(SECRET);
    }

    @Test
    void cache_reads_and_writes_are_added_to_anthropics_input_tokens_which_exclude_them() {
        script.add(Reply.json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":500,"
                + "\"output_tokens\":100,\"cache_read_input_tokens\":200,\"cache_creation_input_tokens\":300}}"));
        BackendResult r = backend().generate(REQUEST);
        assertThat(r.usage().inputTokens()).isEqualTo(1000);
        assertThat(r.usage().cachedInputTokens()).isEqualTo(200);
        assertThat(r.usage().cacheWriteTokens()).isEqualTo(300);
        assertThat(r.usage().outputTokens()).isEqualTo(100);
    }

    @Test
    void the_system_prompt_the_users_share_is_marked_for_the_prompt_cache() throws Exception {
        script.add(Reply.json(200, success("ok", 1, 1)));
        backend().generate(REQUEST);
        JsonNode system = new ObjectMapper().readTree(seen.get(0).body()).path("system");
        assertThat(system.path(system.size() - 1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
    void live_anthropic() {
        Backend b = Providers.create(new ProviderConfig("live", "anthropic", null, "claude-3-5-haiku-latest", null,
                new LlmParameters(0.0, null, null, 5, false, Duration.ofSeconds(30), 20), null, 1));
        BackendResult r = b.generate(BackendRequest.of(List.of(new Message("user", "Reply with the single letter A."))));
        assertThat(r.failure()).isNull();
    }
}
