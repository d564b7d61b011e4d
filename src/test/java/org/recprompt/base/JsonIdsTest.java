package org.recprompt.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode line(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void strings_and_whole_numbers_are_ids_in_the_line_order() throws Exception {
        assertThat(JsonIds.read(line("{\"relevant\": [\"b7\", 42, \"3\"]}"), "relevant", "a.jsonl line 1"))
                .containsExactly("b7", "42", "3");
    }

    @Test
    void an_absent_or_null_field_is_no_ids() throws Exception {
        assertThat(JsonIds.read(line("{\"user\": \"1\"}"), "relevant", "a.jsonl line 1")).isNull();
        assertThat(JsonIds.read(line("{\"candidates\": null}"), "candidates", "a.jsonl line 1")).isNull();
    }

    @Test
    void an_empty_array_is_refused_naming_line_and_field() throws Exception {
        assertThatThrownBy(() -> JsonIds.read(line("{\"relevant\": []}"), "relevant", "a.jsonl line 4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a.jsonl line 4: field \"relevant\" is an empty array: give at least one item id, or leave the field out");
        assertThatThrownBy(() -> JsonIds.read(line("{\"candidates\": []}"), "candidates", "a.jsonl line 2"))
                .hasMessageStartingWith("a.jsonl line 2: field \"candidates\" is an empty array");
    }

    @Test
    void anything_but_a_string_or_a_whole_number_is_refused_with_its_position() throws Exception {
        assertThatThrownBy(() -> JsonIds.read(line("{\"relevant\": [\"1\", {\"id\": 2}]}"), "relevant", "a.jsonl line 3"))
                .hasMessage("a.jsonl line 3: field \"relevant\", element 2: expected an item id (a string or a whole number),"
                        + " found an object");
        assertThatThrownBy(() -> JsonIds.read(line("{\"relevant\": [true]}"), "relevant", "w"))
                .hasMessageEndingWith("element 1: expected an item id (a string or a whole number), found a boolean");
        assertThatThrownBy(() -> JsonIds.read(line("{\"relevant\": [1.5]}"), "relevant", "w"))
                .hasMessageEndingWith("found a number with a fraction");
        assertThatThrownBy(() -> JsonIds.read(line("{\"relevant\": [[1]]}"), "relevant", "w")).hasMessageEndingWith("found an array");
        assertThatThrownBy(() -> JsonIds.read(line("{\"relevant\": [null]}"), "relevant", "w")).hasMessageEndingWith("found null");
        assertThatThrownBy(() -> JsonIds.read(line("{\"relevant\": [\" \"]}"), "relevant", "w"))
                .hasMessageEndingWith("found a blank string");
        assertThatThrownBy(() -> JsonIds.read(line("{\"relevant\": \"6\"}"), "relevant", "a.jsonl line 1"))
                .hasMessage("a.jsonl line 1: field \"relevant\" must be an array of item ids (strings or whole numbers)");
    }
}
