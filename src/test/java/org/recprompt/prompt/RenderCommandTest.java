package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.RecPromptCli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code recprompt render} through the command line's entry point, on a small MovieLens-style folder written per test. */
class RenderCommandTest {

    @TempDir
    Path dir;

    Path data;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void writeDataset() throws IOException {
        data = Files.createDirectories(dir.resolve("tiny"));
        List<String> movies = new ArrayList<>(List.of("movieId,title,genres",
                "1,\"Planes, Trains & Automobiles (1987)\",Comedy",
                "2,Schindler's List (1993),Drama|War",
                "3,<b>Bold</b> (2001),Drama",
                "4,{{x}} (2000),Comedy"));
        for (int i = 5; i <= 40; i++) {
            movies.add(i + ",Movie " + i + " (2000)," + (i % 2 == 0 ? "Drama" : "Comedy"));
        }
        Files.write(data.resolve("movies.csv"), movies, StandardCharsets.UTF_8);
        List<String> ratings = new ArrayList<>(List.of("userId,movieId,rating,timestamp",
                "1,1,4.0,100", "1,2,5.0,200", "1,3,3.5,300", "1,4,4.0,400", "1,5,4.0,500"));
        for (int u = 2; u <= 6; u++) {
            for (int j = 0; j < 4; j++) {
                ratings.add(u + "," + (6 + 5 * (u - 2) + j) + ",3.0," + (100 * (j + 1)));
            }
        }
        Files.write(data.resolve("ratings.csv"), ratings, StandardCharsets.UTF_8);
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    String template(String name) {
        return ShippedTemplatesTest.TEMPLATES.resolve(name + ".mustache").toString();
    }

    @Test
    void render_prints_role_headers_and_the_titles_as_they_are_and_exits_0() {
        int code = run("render", "--dataset", data.toString(), "--template", template("candidate-ranking"), "--user", "1",
                "--candidates", "5");
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        String text = out.toString();
        assertThat(text).startsWith("=== system ===\nYou are a movie recommender.").contains("\n\n=== user ===\n");
        assertThat(text).contains("1. Planes, Trains & Automobiles (1987)\n2. Schindler's List (1993)\n3. <b>Bold</b> (2001)\n"
                + "4. {{x}} (2000)\n")
                .contains("Here are 5 candidate movies:")
                .contains("] Movie 5 (2000)\n")
                .doesNotContain("&amp;", "&#39;", "&lt;");
    }

    @Test
    void an_unknown_user_is_a_usage_error_with_exit_2_and_a_clear_sentence() {
        assertThat(run("render", "--dataset", data.toString(), "--template", template("candidate-ranking"), "--user", "999"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("There is no user 999 in " + data + ".")
                .contains("Run 'recprompt render --help' for usage.").doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_template_with_a_missing_variable_exits_1_naming_the_file_and_line() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.mustache"), """
                ---
                name: bad
                ---
                [system]
                You recommend {{domains}}.
                [user]
                I watched {{history_titles}}.
                My favourite is {{favourite}}.
                """);
        assertThat(run("render", "--dataset", data.toString(), "--template", bad.toString(), "--user", "1")).isEqualTo(1);
        assertThat(err.toString()).startsWith("recprompt: " + bad + " line 8: ").contains("'favourite'")
                .doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();

        Path stray = Files.writeString(dir.resolve("stray.mustache"), "---\nname: stray\n---\nhello\n[user]\nx\n");
        assertThat(run("render", "--dataset", data.toString(), "--template", stray.toString(), "--user", "1")).isEqualTo(1);
        assertThat(err.toString()).startsWith("recprompt: " + stray + " line 4: ");
    }

    @Test
    void json_output_parses_and_carries_the_version_and_messages() throws Exception {
        Path file = Path.of(template("pairwise-na"));
        assertThat(run("render", "--dataset", data.toString(), "--template", file.toString(), "--user", "1", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(json.get("template").asText()).isEqualTo("pairwise-na");
        assertThat(json.get("version").asText()).isEqualTo(sha.substring(0, 12));
        assertThat(json.get("estimated_tokens").asInt()).isPositive();
        JsonNode messages = json.get("messages");
        assertThat(messages.size()).isEqualTo(2);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).get("text").asText()).contains("Planes, Trains & Automobiles (1987)", "(A) ", "(B) ", "N/A");

        // A plain run after a --json run prints text again: options do not stick between runs.
        assertThat(run("render", "--dataset", data.toString(), "--template", file.toString(), "--user", "1")).isZero();
        assertThat(out.toString()).startsWith("=== system ===\n");

        assertThat(run("render", "--dataset", data.toString(), "--template", template("m6rec-scoring"), "--user", "1", "--json"))
                .isZero();
        JsonNode pair = new ObjectMapper().readTree(out.toString());
        assertThat(pair.get("user_side").asText()).isEqualTo(
                "A user watched Planes, Trains & Automobiles (1987), Schindler's List (1993), <b>Bold</b> (2001), {{x}} (2000).");
        assertThat(pair.get("item_sides").size()).isEqualTo(20);
    }

    @Test
    void few_shot_examples_for_a_choice_template_offer_both_options_and_answer_with_a_letter() {
        assertThat(run("render", "--dataset", data.toString(), "--template", template("pairwise-na"), "--user", "1",
                "--examples", "3")).isZero();
        String text = out.toString();
        Matcher m = Pattern.compile("Would this user prefer \\(A\\) (.+) or \\(B\\) (.+)\\?\nAnswer: (.+)\n").matcher(text);
        int examples = 0;
        while (m.find()) {
            examples++;
            assertThat(m.group(3)).isIn("A", "B");
            assertThat(m.group(1)).isNotEqualTo(m.group(2));
        }
        assertThat(examples).isEqualTo(3);
        assertThat(text).doesNotContain("Answer: N/A");
        // User 1's held-out item (Movie 5) is never shown in an example.
        assertThat(text.substring(0, text.indexOf("Here is the watching history"))).doesNotContain("Movie 5 (2000)");
    }
}
