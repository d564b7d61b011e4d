package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.prompt.Message;

class ReplayAndCostTest {

    @TempDir
    Path dir;

    static BackendRequest forUser(String user, int sample, String variant) {
        return new BackendRequest(List.of(new Message("user", "rank")), sample, List.of(),
                variant == null ? Map.of("user", user) : Map.of("user", user, "variant", variant));
    }

    @Test
    void recorded_answers_are_replayed_by_user_sample_and_variant() throws Exception {
        Path f = dir.resolve("answers.jsonl");
        Files.writeString(f, """
                {"user": "278", "response": "1. Heat (1995)", "input_tokens": 120, "output_tokens": 9}
                {"user": "278", "sample": 1, "response": "1. Alien (1979)"}
                {"user": "278", "variant": "gpt", "response": "1. Up (2009)"}

                {"user": "1", "response": "N/A"}
                """);
        ReplayBackend replay = new ReplayBackend(f);

        assertThat(replay.size()).isEqualTo(4);
        BackendResult r = replay.generate(forUser("278", 0, null));
        assertThat(r.text()).isEqualTo("1. Heat (1995)");
        assertThat(r.usage()).isEqualTo(new Usage(120, 9));
        assertThat(replay.generate(forUser("278", 1, null)).text()).isEqualTo("1. Alien (1979)");
        assertThat(replay.generate(forUser("278", 0, "gpt")).text()).isEqualTo("1. Up (2009)");
        assertThat(replay.generate(forUser("278", 0, "other")).text()).isEqualTo("1. Heat (1995)");
        BackendResult missing = replay.generate(forUser("2", 0, null));
        assertThat(missing.isOk()).isFalse();
        assertThat(missing.failure().message()).isEqualTo("no recorded response for user 2 (sample 0) in answers.jsonl");
    }

    @Test
    void recorded_relevant_items_and_candidates_are_found_like_the_answer_and_checked_against_the_dataset() throws Exception {
        Path f = dir.resolve("paper.jsonl");
        Files.writeString(f, """
                {"user": "278", "response": "1. Heat", "relevant": ["6", 7], "candidates": ["6", "7", "8"]}
                {"user": "278", "sample": 1, "response": "1. Alien"}
                {"user": "5", "variant": "gpt", "response": "1. Up", "relevant": ["9"]}
                """);
        ReplayBackend replay = new ReplayBackend(f);

        assertThat(replay.truths()).isEqualTo(2);
        ReplayBackend.Truth t = replay.truth("278", 0, "any").orElseThrow();
        assertThat(t.relevant()).containsExactly("6", "7");
        assertThat(t.candidates()).containsExactly("6", "7", "8");
        assertThat(t.line()).isEqualTo(1);
        assertThat(replay.truth("278", 1, "")).isEmpty();
        assertThat(replay.truth("5", 0, "gpt").orElseThrow().candidates()).isNull();
        assertThat(replay.truth("5", 0, "other")).isEmpty();
        replay.checkItems(id -> List.of("6", "7", "8", "9").contains(id), "tiny");
        assertThatThrownBy(() -> replay.checkItems(id -> !id.equals("9"), "the dataset tiny"))
                .hasMessage(f + " line 3: field \"relevant\": there is no item 9 in the dataset tiny");
        assertThatThrownBy(() -> replay.checkItems(id -> !id.equals("8"), "tiny"))
                .hasMessageContaining("line 1: field \"candidates\": there is no item 8");

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"user\": \"1\", \"response\": \"x\", \"relevant\": \"6\"}\n");
        assertThatThrownBy(() -> new ReplayBackend(bad)).hasMessage(bad + " line 1: field \"relevant\" must be an array of item ids"
                + " (strings or whole numbers)");
    }

    /** An empty array would score the user 0 in summary.json and leave it out of protocol.json: refused, like a non-id element. */
    @Test
    void an_empty_relevant_or_candidates_array_or_an_id_that_is_no_string_or_number_is_an_error_naming_line_and_field()
            throws Exception {
        Path f = dir.resolve("empty.jsonl");
        Files.writeString(f, """
                {"user": "1", "response": "1. Heat", "relevant": ["6"]}
                {"user": "2", "response": "1. Heat", "relevant": []}
                """);
        assertThatThrownBy(() -> new ReplayBackend(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(f + " line 2: field \"relevant\" is an empty array: give at least one item id, or leave the field out");
        Files.writeString(f, """
                {"user": "2", "response": "1. Heat", "relevant": ["6"], "candidates": []}
                """);
        assertThatThrownBy(() -> new ReplayBackend(f)).hasMessageStartingWith(f + " line 1: field \"candidates\" is an empty array");
        Files.writeString(f, """
                {"user": "2", "response": "1. Heat", "relevant": ["6", 7.5]}
                """);
        assertThatThrownBy(() -> new ReplayBackend(f)).hasMessageStartingWith(f + " line 1: field \"relevant\", element 2:");
    }

    @Test
    void a_file_that_is_not_jsonl_never_has_its_content_in_the_error() throws Exception {
        Path shadow = dir.resolve("shadow");
        Files.writeString(shadow, "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        assertThatThrownBy(() -> new ReplayBackend(shadow)).hasMessage(shadow
                + " line 1: not a JSON object; a replay file holds one object per line with \"user\" and \"response\"");
        Path almost = dir.resolve("almost.jsonl");
        Files.writeString(almost, "{\"user\": \"1\", \"response\": \"x\", \"note\": secret-token-value}\n");
        assertThatThrownBy(() -> new ReplayBackend(almost)).hasMessageContaining("line 1")
                .hasMessageNotContaining("secret-token-value");
    }

    @Test
    void a_malformed_or_duplicate_line_names_the_file_and_line() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"user\": \"1\", \"response\": \"x\"}\n{\"user\": 2\n");
        assertThatThrownBy(() -> new ReplayBackend(bad)).hasMessageContaining("bad.jsonl line 2: not a JSON object");
        Path noResponse = dir.resolve("nr.jsonl");
        Files.writeString(noResponse, "{\"user\": \"1\"}\n");
        assertThatThrownBy(() -> new ReplayBackend(noResponse)).hasMessageContaining("line 1: needs \"user\" and \"response\"");
        Path twice = dir.resolve("twice.jsonl");
        Files.writeString(twice, "{\"user\": \"1\", \"response\": \"a\"}\n{\"user\": \"1\", \"response\": \"b\"}\n");
        assertThatThrownBy(() -> new ReplayBackend(twice)).hasMessageContaining("line 2: a second answer");
    }

    @Test
    void a_line_over_the_limit_or_not_utf8_names_the_file_and_line() throws Exception {
        Path big = dir.resolve("big.jsonl");
        Files.writeString(big, "{\"user\": \"1\", \"response\": \"x\"}\n{\"user\": \"2\", \"response\": \""
                + "y".repeat(org.recprompt.base.LineReader.MAX_LINE_BYTES) + "\"}\n");
        assertThatThrownBy(() -> new ReplayBackend(big)).hasMessageContaining("big.jsonl line 2: the line is longer than 1 MB");
        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, "{\"user\": \"1\", \"response\": \"Caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> new ReplayBackend(latin1)).hasMessageContaining("latin1.jsonl line 1: is not valid UTF-8");
    }

    @Test
    void cost_uses_separate_input_and_output_prices_and_matches_dated_model_names() {
        PriceTable prices = PriceTable.defaults();
        // gpt-4o-mini: 1,000,000 input x 0.15 + 200,000 output x 0.60 / 1e6 = 0.15 + 0.12
        assertThat(prices.cost("gpt-4o-mini-2024-07-18", new Usage(1_000_000, 200_000))).isCloseTo(0.27, within(1e-12));
        assertThat(prices.cost("gpt-4o", new Usage(1000, 1000))).isCloseTo(0.0125, within(1e-12));
        assertThat(prices.cost("llama3:8b", new Usage(1000, 1000))).isZero();
        assertThatThrownBy(() -> prices.put("x", -1, 0)).hasMessageContaining("cannot be negative");

        Backend answered = r -> BackendResult.ok("ok", new Usage(2000, 500), 10);
        assertThat(new CostingBackend(answered, prices, "gpt-4o").generate(forUser("1", 0, null)).cost())
                .isCloseTo(2000 * 2.5 / 1e6 + 500 * 10.0 / 1e6, within(1e-12));
        Backend cached = r -> BackendResult.ok("ok", new Usage(2000, 500), 10).asCached();
        assertThat(new CostingBackend(cached, prices, "gpt-4o").generate(forUser("1", 0, null)).cost()).isZero();
    }
}
