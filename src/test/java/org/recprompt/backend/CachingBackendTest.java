package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.recprompt.prompt.Message;
import org.springframework.beans.factory.annotation.Autowired;

class CachingBackendTest extends SpringTestBase {

    @Autowired
    ResponseCache cache;

    final AtomicInteger calls = new AtomicInteger();

    Backend counting(String answer) {
        return r -> {
            calls.incrementAndGet();
            return new BackendResult(answer + " #" + r.sampleIndex(), new Usage(12, 3), 40, 0, false, 1,
                    Map.of("A", -0.1), null);
        };
    }

    static BackendRequest request(String text) {
        return BackendRequest.of(List.of(new Message("system", "You recommend movies."), new Message("user", text)));
    }

    @Test
    void a_second_identical_request_is_served_from_the_cache_without_a_call() {
        Backend b = new CachingBackend(counting("1. Heat"), cache, "openai", "gpt-test-1", Map.of("temperature", 0.0));

        BackendResult first = b.generate(request("rank: Heat, Alien"));
        BackendResult second = b.generate(request("rank: Heat, Alien"));

        assertThat(calls).hasValue(1);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.usage()).isEqualTo(new Usage(12, 3));
        assertThat(second.labelLogprobs()).containsEntry("A", -0.1);
    }

    @Test
    void repeats_parameters_models_and_messages_each_make_a_different_key() {
        BackendRequest r = request("rank: Heat, Alien");
        String base = CacheKey.of("openai", "m", Map.of("temperature", 0.7), r);

        assertThat(CacheKey.of("openai", "m", Map.of("temperature", 0.7), r.withSample(1))).isNotEqualTo(base);
        assertThat(CacheKey.of("openai", "m", Map.of("temperature", 0.8), r)).isNotEqualTo(base);
        assertThat(CacheKey.of("openai", "m2", Map.of("temperature", 0.7), r)).isNotEqualTo(base);
        assertThat(CacheKey.of("ollama", "m", Map.of("temperature", 0.7), r)).isNotEqualTo(base);
        assertThat(CacheKey.of("openai", "m", Map.of("temperature", 0.7), request("rank: Heat, Aliens"))).isNotEqualTo(base);
        // a field boundary cannot be faked by moving text between fields
        assertThat(CacheKey.of("open", "aim", Map.of(), r)).isNotEqualTo(CacheKey.of("opena", "im", Map.of(), r));
        assertThat(CacheKey.of("openai", "m", Map.of("temperature", 0.7), request("rank: Heat, Alien"))).isEqualTo(base);

        Backend b = new CachingBackend(counting("x"), cache, "openai", "gpt-test-2", Map.of());
        assertThat(b.generate(r).text()).isEqualTo("x #0");
        assertThat(b.generate(r.withSample(1)).text()).isEqualTo("x #1");
        assertThat(calls).hasValue(2);
    }

    @Test
    void failures_are_never_cached_so_the_next_run_asks_again() {
        Backend failing = r -> {
            calls.incrementAndGet();
            return BackendResult.failed(new Failure(Failure.Kind.SERVER_ERROR, "HTTP 500"), 5);
        };
        Backend b = new CachingBackend(failing, cache, "openai", "gpt-test-3", Map.of());

        assertThat(b.generate(request("q")).isOk()).isFalse();
        assertThat(b.generate(request("q")).isOk()).isFalse();
        assertThat(calls).hasValue(2);
        assertThatThrownBy(() -> cache.put("k", "p", "m", 0, BackendResult.failed(new Failure(Failure.Kind.OTHER, "x"), 0)))
                .hasMessageContaining("never cached");
    }

    @Test
    void answers_are_stored_and_looked_up_in_batches() {
        BackendResult a = new BackendResult("1. Heat", new Usage(10, 2), 30, 0.1, false, 1, Map.of(), null);
        BackendResult b = new BackendResult("1. Alien", new Usage(11, 3), 30, 0.1, false, 1, Map.of("A", -0.5), null);

        cache.putAll(List.of(new ResponseCache.Entry("batch-a", "openai", "m", 0, a),
                new ResponseCache.Entry("batch-b", "openai", "m", 1, b)));
        Map<String, BackendResult> found = cache.getAll(List.of("batch-a", "batch-b", "batch-missing"));

        assertThat(found).containsOnlyKeys("batch-a", "batch-b");
        assertThat(found.get("batch-a").text()).isEqualTo("1. Heat");
        assertThat(found.get("batch-a").cached()).isTrue();
        assertThat(found.get("batch-b").usage()).isEqualTo(new Usage(11, 3));
        assertThat(found.get("batch-b").labelLogprobs()).containsEntry("A", -0.5);
        assertThat(cache.get("batch-b")).contains(found.get("batch-b"));
        assertThat(cache.getAll(List.of())).isEmpty();
        assertThatThrownBy(() -> cache.putAll(List.of(new ResponseCache.Entry("batch-c", "p", "m", 0,
                BackendResult.failed(new Failure(Failure.Kind.OTHER, "x"), 0))))).hasMessageContaining("never cached");
    }
}
