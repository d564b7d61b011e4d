package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Per user attribute: users with a value, distinct values, the most frequent ones, numbers and age bands. */
class UserAttributeStatsTest {

    /** 14 users: gender with two blanks, age in years with one missing, a location of 12 distinct values. */
    static Users users() {
        IdIndex ids = new IdIndex();
        for (int u = 1; u <= 14; u++) {
            ids.add("u" + u);
        }
        Map<String, String[]> columns = new LinkedHashMap<>();
        columns.put("gender", new String[] {"F", "M", "M", "F", "M", " ", "M", "F", "M", "M", null, "F", "M", "M"});
        columns.put("age", new String[] {"7", "17", "18", "24", "25", "34", "35", "44", "45", "50", "56", "70", "30", null});
        String[] location = new String[14];
        for (int u = 0; u < 14; u++) {
            location[u] = u < 3 ? "paris, france" : "town " + u + ", usa";
        }
        columns.put("location", location);
        return new Users(ids, columns);
    }

    @Test
    void counts_values_numbers_bands_and_bounds_a_many_valued_attribute_as_json() throws Exception {
        List<UserAttributeStats> stats = UserAttributeStats.of(users());
        assertThat(stats).extracting(UserAttributeStats::name).containsExactly("age", "gender", "location");
        Map<String, Object> json = new LinkedHashMap<>();
        stats.forEach(a -> json.put(a.name(), a.toJson()));
        JsonNode n = new ObjectMapper().valueToTree(json);

        JsonNode gender = n.get("gender");
        assertThat(gender.get("users_with_value").asInt()).isEqualTo(12);
        assertThat(gender.get("users_without_value").asInt()).isEqualTo(2);
        assertThat(gender.get("distinct_values").asInt()).isEqualTo(2);
        assertThat(gender.get("top_values").toString()).isEqualTo("[{\"value\":\"M\",\"users\":8},{\"value\":\"F\",\"users\":4}]");
        assertThat(gender.has("others")).isFalse();
        assertThat(gender.has("min")).isFalse();

        JsonNode age = n.get("age");
        assertThat(age.get("users_with_value").asInt()).isEqualTo(13);
        assertThat(age.get("min").asDouble()).isEqualTo(7);
        assertThat(age.get("median").asDouble()).isEqualTo(34); // 7 17 18 24 25 30 [34] 35 44 45 50 56 70
        assertThat(age.get("max").asDouble()).isEqualTo(70);
        assertThat(age.get("bands").toString()).isEqualTo(
                "{\"under 18\":2,\"18-24\":2,\"25-34\":3,\"35-44\":2,\"45-49\":1,\"50-55\":1,\"56+\":2}");

        JsonNode location = n.get("location");
        assertThat(location.get("distinct_values").asInt()).isEqualTo(12);
        assertThat(location.get("top_values")).hasSize(UserAttributeStats.TOP);
        assertThat(location.get("top_values").get(0).toString()).isEqualTo("{\"value\":\"paris, france\",\"users\":3}");
        // 12 values: the most frequent, then nine of the eleven singletons by name; the last two are "others"
        assertThat(location.get("others").toString()).isEqualTo("{\"values\":2,\"users\":2}");
        assertThat(location.has("min")).isFalse();
    }

    @Test
    void a_zip_code_with_a_leading_zero_is_text_not_a_number() {
        assertThat(UserAttributeStats.number("01002")).isNull();
        assertThat(UserAttributeStats.number("0")).isEqualTo(0.0);
        assertThat(UserAttributeStats.number("24.5")).isEqualTo(24.5);
        assertThat(UserAttributeStats.number("T8H1N")).isNull();
    }

    @Test
    void an_identifier_of_numbers_gets_no_min_median_max() {
        IdIndex ids = new IdIndex();
        ids.add("1");
        ids.add("2");
        ids.add("3");
        Map<String, String[]> columns = new LinkedHashMap<>();
        columns.put("twitter_id", new String[] {"139564917", "345296937", "522540374"});
        columns.put("age", new String[] {"20", "30", "40"});
        List<UserAttributeStats> stats = UserAttributeStats.of(new Users(ids, columns));
        assertThat(stats.get(1).name()).isEqualTo("twitter_id");
        assertThat(stats.get(1).numeric()).isNull();
        assertThat(stats.get(0).numeric()).isNotNull();
    }
}
