package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.recprompt.backend.Backend;
import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.prompt.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class OpenAiCompatibleBackendTest extends BackendContractTest {

    static final LlmParameters PARAMS = new LlmParameters(0.2, 0.9, 42, 64, false, null, 5);

    @Override
    Backend backend(String root, Duration timeout, String apiKey) {
        return new OpenAiCompatibleBackend(root + "/v1", "test-model", apiKey, PARAMS.withTimeout(timeout), null);
    }

    @Override
    String success(String text, int in, int out) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"test-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + q(text) + "},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out
                + ",\"total_tokens\":" + (in + out) + "}}";
    }

    @Override
    String empty() {
        return success("", 3, 0);
    }

    @Override
    String refusal() {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"test-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"refusal\":\"I can't help with that.\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}}";
    }

    @Override
    String expectedPath() {
        return "/v1/chat/completions";
    }

    @Test
    void cached_prompt_tokens_are_read_from_prompt_tokens_details_as_part_of_the_input() {
        script.add(Reply.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"test-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":100,\"total_tokens\":1100,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":600}}}"));
        BackendResult r = backend().generate(REQUEST);
        assertThat(r.usage().inputTokens()).isEqualTo(1000);
        assertThat(r.usage().cachedInputTokens()).isEqualTo(600);
        assertThat(r.usage().cacheWriteTokens()).isZero();
        assertThat(r.usage().uncachedInputTokens()).isEqualTo(400);
    }

    @Test
    void a_server_without_prompt_tokens_details_reports_no_cached_tokens() {
        script.add(Reply.json(200, success("ok", 12, 3)));
        BackendResult r = backend().generate(REQUEST);
        assertThat(r.usage()).isEqualTo(new org.recprompt.backend.Usage(12, 3));
    }

    @Test
    void a_refusal_is_found_however_the_answer_spells_it_and_a_null_refusal_is_no_refusal() {
        String nullRefusal = success("ok", 1, 1).replace("\"content\":\"ok\"", "\"content\":\"ok\",\"refusal\" : null");
        String spaced = refusal().replace("\"refusal\":", "\"refusal\" :\n ");
        String escaped = refusal().replace("\"refusal\"", "\"\\u0072efusal\"");
        String worded = success("A \"refusal\": see the list", 1, 1); // quotes escaped in the text: no key
        String valued = success("refusal", 1, 1); // "refusal" as a value: read in full, and no refusal
        assertThat(OpenAiCompatibleBackend.cannotRefuse(nullRefusal)).isTrue();
        assertThat(OpenAiCompatibleBackend.cannotRefuse(success("ok", 1, 1))).isTrue();
        assertThat(OpenAiCompatibleBackend.cannotRefuse(spaced)).isFalse();
        assertThat(OpenAiCompatibleBackend.cannotRefuse(escaped)).isFalse();
        assertThat(OpenAiCompatibleBackend.cannotRefuse(worded)).isTrue();
        assertThat(OpenAiCompatibleBackend.cannotRefuse(valued)).isFalse();

        script.add(Reply.json(200, nullRefusal));
        script.add(Reply.json(200, spaced));
        script.add(Reply.json(200, escaped));
        script.add(Reply.json(200, valued));
        assertThat(backend().generate(REQUEST).text()).isEqualTo("ok");
        assertThat(backend().generate(REQUEST).failure().kind()).isEqualTo(org.recprompt.backend.Failure.Kind.REFUSED);
        assertThat(backend().generate(REQUEST).failure().message()).contains("I can't help with that.");
        assertThat(backend().generate(REQUEST).text()).isEqualTo("refusal");
    }

    @Test
    void content_filter_finish_reason_is_refused() {
        script.add(Reply.json(200, success("partial", 1, 1).replace("\"stop\"", "\"content_filter\"")));
        assertThat(backend().generate(REQUEST).failure().kind()).isEqualTo(org.recprompt.backend.Failure.Kind.REFUSED);
    }

    @Test
    void the_request_carries_the_parameters_and_uses_http_1_1() throws Exception {
        script.add(Reply.json(200, success("ok", 1, 1)));

        backend().generate(REQUEST);

        JsonNode body = new ObjectMapper().readTree(seen.get(0).body());
        assertThat(body.path("model").asText()).isEqualTo("test-model");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("seed").asInt()).isEqualTo(42);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.has("logprobs")).as("no log-probabilities without labels").isFalse();
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").path(1).path("role").asText()).isEqualTo("user");
        assertThat(seen.get(0).headers().getFirst("Authorization")).isEqualTo("Bearer " + SECRET);
        assertThat(seen.get(0).headers().containsKey("Upgrade")).as("no h2c upgrade").isFalse();
        assertThat(seen.get(0).headers().containsKey("HTTP2-Settings")).isFalse();
    }

    @Test
    void json_output_and_images_are_sent() throws Exception {
        script.add(Reply.json(200, success("{\"a\":1}", 1, 1)));
        Backend json = new OpenAiCompatibleBackend(root() + "/v1", "test-model", SECRET,
                new LlmParameters(null, null, null, null, true, null, 20), null);

        json.generate(BackendRequest.of(List.of(new Message("user", "Which poster?",
                List.of("https://example.org/p.jpg", "data:image/png;base64,iVBORw0KGgo="), null))));

        JsonNode body = new ObjectMapper().readTree(seen.get(0).body());
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        JsonNode parts = body.path("messages").path(0).path("content");
        assertThat(parts.path(0).path("type").asText()).isEqualTo("text");
        assertThat(parts.path(1).path("image_url").path("url").asText()).isEqualTo("https://example.org/p.jpg");
        assertThat(parts.path(2).path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
    }

    @Test
    void labels_get_their_log_probabilities_from_the_first_tokens_top_logprobs() throws Exception {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"test-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A\"},\"finish_reason\":\"stop\","
                + "\"logprobs\":{\"content\":[{\"token\":\"A\",\"logprob\":-0.2,\"top_logprobs\":["
                + "{\"token\":\"A\",\"logprob\":-0.2},{\"token\":\" A\",\"logprob\":-3.0},{\"token\":\"B\",\"logprob\":-1.9},"
                + "{\"token\":\"Z\",\"logprob\":-4.0}]}]}}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}";
        script.add(Reply.json(200, body));
        BackendRequest scoring = new BackendRequest(REQUEST.messages(), 0, List.of("A", "B", "C"), Map.of());

        BackendResult r = backend().generate(scoring);

        assertThat(r.isOk()).isTrue();
        // "Z" is no label: its mass is the returned tokens' other mass, and the least likely returned token
        assertThat(r.labelLogprobs()).containsOnlyKeys("A", "B", BackendResult.OTHER_TOKENS, BackendResult.LOWEST_TOKEN);
        assertThat(r.labelLogprobs().get(BackendResult.OTHER_TOKENS)).isCloseTo(-4.0, within(1e-9));
        assertThat(r.labelLogprobs().get(BackendResult.LOWEST_TOKEN)).isCloseTo(-4.0, within(1e-9));
        assertThat(r.labelLogprobs().get("A")).isCloseTo(Math.log(Math.exp(-0.2) + Math.exp(-3.0)), within(1e-9));
        assertThat(r.labelLogprobs().get("B")).isCloseTo(-1.9, within(1e-9));
        JsonNode sent = new ObjectMapper().readTree(seen.get(0).body());
        assertThat(sent.path("logprobs").asBoolean()).isTrue();
        assertThat(sent.path("top_logprobs").asInt()).isEqualTo(5);
    }

    @Test
    void the_factory_builds_it_from_a_config_and_names_a_missing_key_variable() {
        script.add(Reply.json(200, success("ok", 2, 1)));
        ProviderConfig local = new ProviderConfig("llm", "openai", root() + "/v1", "test-model", "TEST_KEY", null, TIMEOUT, 8);
        Backend b = Providers.create(local, Map.of("TEST_KEY", SECRET)::get);
        assertThat(b.generate(REQUEST).text()).isEqualTo("ok");
        assertThat(seen.get(0).headers().getFirst("Authorization")).isEqualTo("Bearer " + SECRET);

        // a local server without the provider's usual variable: allowed, and a 401 says which variable is unset
        script.add(Reply.json(401, "{\"error\":{\"message\":\"bad api key\"}}"));
        ProviderConfig noNamedKey = new ProviderConfig("llm", "openai", root() + "/v1", "test-model", null, null, TIMEOUT, 8);
        BackendResult noKey = Providers.create(noNamedKey, v -> null).generate(REQUEST);
        assertThat(noKey.failure().message()).contains("OPENAI_API_KEY");
        // a variable named by apiKeyEnv and not set: refused before any request, naming it
        int before = seen.size();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Providers.create(local, v -> null))
                .hasMessageContaining("apiKeyEnv names TEST_KEY, which is not set");
        assertThat(seen).hasSize(before);

        script.add(new Reply(429, "{}", Map.of("Retry-After", "1"), 0));
        script.add(Reply.json(200, success("after the wait", 2, 3)));
        BackendResult viaFactory = Providers.createResilient(local, Map.of("TEST_KEY", SECRET)::get,
                org.recprompt.backend.RetryPolicy.DEFAULT, 5, recording, 1).generate(REQUEST);
        assertThat(viaFactory.text()).isEqualTo("after the wait");
        assertThat(waits).containsExactly(Duration.ofSeconds(1));

        ProviderConfig cloud = new ProviderConfig("gpt", "openai", null, "gpt-4o-mini", "MY_OPENAI_KEY", null, null, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Providers.create(cloud, v -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MY_OPENAI_KEY");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Providers.create(
                new ProviderConfig("x", "bard", null, "m", null, null, null, 1), v -> null))
                .hasMessageContaining("unknown type");
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
    void live_openai() {
        Backend b = Providers.create(new ProviderConfig("live", "openai", null, "gpt-4o-mini", null,
                new LlmParameters(0.0, null, 1, 5, false, Duration.ofSeconds(30), 5), null, 1));
        BackendResult r = b.generate(BackendRequest.of(List.of(new Message("user", "Reply with the single letter A."))));
        assertThat(r.failure()).isNull();
        assertThat(r.usage().inputTokens()).isPositive();
    }
}
