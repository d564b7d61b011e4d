package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.base.Hashes;
import org.recprompt.prompt.Message;

class CacheKeyTest {

    private static BackendRequest request(String text, int sample, List<String> labels) {
        return new BackendRequest(List.of(new Message("user", text)), sample, labels, Map.of());
    }

    @Test
    void aKeyIsTheSha256OfTheEncodedFieldsWhetherComputedOrRemembered() {
        String expected = HexFormat.of().formatHex(Hashes.sha256(
                "provider=6:openai;model=1:m;param:t=3:0.0;role=4:user;text=2:hi;label=1:A;sample=1:2;".getBytes(StandardCharsets.UTF_8)));
        assertThat(CacheKey.of("openai", "m", Map.of("t", 0.0), request("hi", 2, List.of("A")))).isEqualTo(expected);
        // an equal request built again (as a run's look-ahead and its call do): the same key
        assertThat(CacheKey.of("openai", "m", Map.of("t", 0.0), request(new String("hi"), 2, List.of("A")))).isEqualTo(expected);
    }

    @Test
    void rememberedKeysNeverStandForARequestThatDiffersInAnyField() {
        String key = CacheKey.of("openai", "m", Map.of(), request("hi", 0, List.of()));
        assertThat(CacheKey.of("openai", "m", Map.of(), request("hi", 1, List.of()))).isNotEqualTo(key);
        assertThat(CacheKey.of("openai", "m", Map.of(), request("hi", 0, List.of("A")))).isNotEqualTo(key);
        assertThat(CacheKey.of("openai", "m2", Map.of(), request("hi", 0, List.of()))).isNotEqualTo(key);
        assertThat(CacheKey.of("ollama", "m", Map.of(), request("hi", 0, List.of()))).isNotEqualTo(key);
        assertThat(CacheKey.of("openai", "m", Map.of("t", 1), request("hi", 0, List.of()))).isNotEqualTo(key);
        assertThat(CacheKey.of("openai", "m", Map.of(), request("ho", 0, List.of()))).isNotEqualTo(key);
    }

    @Test
    void repeatsOfOnePromptEachGetTheHashOfTheirWholeEncoding() {
        String text = "Rank these movies: " + "Toy Story (1995); ".repeat(200) + "é ü 東京";
        for (int sample = 0; sample < 4; sample++) {
            for (List<String> labels : List.of(List.<String>of(), List.of("A", "B"))) {
                StringBuilder encoded = new StringBuilder("provider=6:openai;model=1:m;param:t=3:0.0;role=4:user;text=")
                        .append(text.length()).append(':').append(text).append(';');
                labels.forEach(l -> encoded.append("label=").append(l.length()).append(':').append(l).append(';'));
                encoded.append("sample=1:").append(sample).append(';');
                String expected = HexFormat.of().formatHex(Hashes.sha256(encoded.toString().getBytes(StandardCharsets.UTF_8)));
                assertThat(CacheKey.of("openai", "m", Map.of("t", 0.0), request(text, sample, labels)))
                        .as("sample %d, labels %s", sample, labels).isEqualTo(expected);
            }
        }
    }
}
