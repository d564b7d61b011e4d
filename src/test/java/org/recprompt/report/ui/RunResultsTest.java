package org.recprompt.report.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.report.RunFixture;
import org.recprompt.report.RunFolder;
import org.recprompt.report.UserAnswers;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.ClickEvent;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.select.Select;

/**
 * The results view without a browser: a click on a bar of a figure lists the users behind it, and
 * the per-user page shows every recorded repeat of an answer, one at a time.
 */
class RunResultsTest extends KaribuTestBase {

    @Autowired
    BackgroundJobs jobs;

    @TempDir
    Path dir;

    @Test
    void a_click_on_a_bar_lists_the_users_behind_it() throws Exception {
        RunResults results = new RunResults(RunFixture.write(dir), jobs);
        UI.getCurrent().add(results);
        eventually(() -> !_find(results, Div.class, s -> s.withClasses("rp-hotspot")).isEmpty());

        List<Div> bars = _find(results, Div.class, s -> s.withClasses("rp-hotspot"));
        Div bar = bars.stream().filter(b -> RunFixture.LLM.equals(b.getElement().getAttribute("data-variant"))
                && b.getElement().getAttribute("title").startsWith("ndcg@3 of")
                && !b.getElement().getAttribute("title").contains("activity bucket")).findFirst().orElseThrow();
        assertThat(results.users.isVisible()).isFalse();
        ComponentUtil.fireEvent(bar, new ClickEvent<>(bar));

        assertThat(results.users.isVisible()).isTrue();
        assertThat(results.drill.getText()).startsWith("ndcg@3 of " + RunFixture.LLM + ": 6 users");
        assertThat(results.users.getGenericDataView().getItems().map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("u1", "u2", "u3", "u4", "u5", "u6");
        assertThat(results.drillState()).startsWith(RunFixture.LLM + "/");
    }

    @Test
    void a_click_on_a_value_lists_its_users_and_scrolls_them_into_view() throws Exception {
        RunResults results = new RunResults(RunFixture.write(dir), jobs);
        UI.getCurrent().add(results);
        assertThat(results.table.getWidth()).as("the comparison takes the panel's width").isEqualTo("100%");

        com.github.mvysny.kaributesting.v10.GridKt._clickItem(results.table, 0, "A", 0, false, false, false, false);

        assertThat(results.users.isVisible()).isTrue();
        assertThat(results.drill.getText()).contains(" of A: 6 users");
        assertThat(results.scrolledToDrill).as("the users it opened are scrolled into view").isEqualTo(1);
    }

    @Test
    void the_sparsity_section_has_one_heading_and_its_activity_bars_lead_to_their_users() throws Exception {
        RunResults results = new RunResults(RunFixture.write(dir), jobs);
        UI.getCurrent().add(results);
        eventually(() -> !_find(results.sparsity, Div.class, s -> s.withClasses("rp-hotspot")).isEmpty());

        assertThat(_find(results, com.vaadin.flow.component.html.H3.class).stream().map(h -> h.getText())
                .filter(t -> t.startsWith("Sparsity"))).containsExactly("Sparsity: accuracy by user activity and by item popularity");
        assertThat(_find(results.sparsity, com.vaadin.flow.component.html.H4.class)).as("no second heading over the figure").isEmpty();
        Div bar = _find(results.sparsity, Div.class, s -> s.withClasses("rp-hotspot")).stream()
                .filter(b -> "A".equals(b.getElement().getAttribute("data-variant"))
                        && b.getElement().getAttribute("title").contains("activity bucket 6-20")).findFirst().orElseThrow();
        ComponentUtil.fireEvent(bar, new ClickEvent<>(bar));

        assertThat(results.users.getGenericDataView().getItems().map(Map.Entry::getKey)).containsExactlyInAnyOrder("u2", "u3");
        assertThat(results.scrolledToDrill).isEqualTo(1);
        assertThat(results.sparsityTable.getGenericDataView().getItems().map(l -> ((org.recprompt.report.Sparsity.Line) l).group().bucket()))
                .contains("cold: 0-5", "6-20");
    }

    @Test
    void the_user_page_shows_each_repeat_of_an_answer() throws Exception {
        Path folder = RunFixture.write(dir);
        String second = "{\"variant\":\"" + RunFixture.LLM + "\",\"backend\":\"llm\",\"user\":\"u1\",\"repeat\":1,\"status\":\"OK\","
                + "\"response\":\"1. The second answer\",\"slots\":[{\"slot\":1,\"raw_text\":\"The second answer\",\"item_id\":\"101\","
                + "\"outcome\":\"VALID\",\"method\":\"exact\"}],\"candidates\":[\"100\",\"101\"],\"relevant\":[\"100\"],"
                + "\"steps\":{\"taste\":\"<b>likes heists</b>\"}}\n";
        Files.writeString(folder.resolve(RunFolder.RESPONSES), second, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(UserAnswers.read(folder, RunFixture.LLM, "u1").answers()).hasSize(2);

        UserPage page = new UserPage(RunFolder.open(folder), RunFixture.LLM, "u1", jobs);
        page.open();
        eventually(() -> !_find(page.body, Pre.class, s -> s.withId("user-raw-answer")).isEmpty());
        Pre raw = _find(page.body, Pre.class, s -> s.withId("user-raw-answer")).get(0);
        assertThat(raw.getText()).isEqualTo(RunFixture.SCRIPT_ANSWER);
        assertThat(_find(page.body, Div.class, s -> s.withId("user-steps"))).as("the first answer is no chain").isEmpty();

        @SuppressWarnings("unchecked")
        Select<UserAnswers.Answer> repeat = _find(page.body, Select.class, s -> s.withId("user-repeat")).get(0);
        assertThat(repeat.getListDataView().getItems().map(UserAnswers.Answer::repeat)).containsExactly(0, 1);
        repeat.setValue(repeat.getListDataView().getItem(1));

        Pre shown = _find(page.body, Pre.class, s -> s.withId("user-raw-answer")).get(0);
        assertThat(shown.getText()).isEqualTo("1. The second answer");
        assertThat(page.shownSlots()).extracting(UserAnswers.Slot::outcome).containsExactly("VALID");
        Div steps = _find(page.body, Div.class, s -> s.withId("user-steps")).get(0);
        assertThat(_find(steps, Pre.class)).extracting(Pre::getText).containsExactly("<b>likes heists</b>");
    }

    @Test
    void a_failed_variant_is_named_in_a_banner_greyed_never_best_and_its_user_page_says_what_failed() throws Exception {
        Path folder = RunFixture.write(dir);
        String sentence = "Cannot connect to 127.0.0.1:9 (connection refused): is the server running at http://127.0.0.1:9/v1/chat/completions?";
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode summary = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                folder.resolve(RunFolder.SUMMARY).toFile());
        for (com.fasterxml.jackson.databind.JsonNode v : summary.path("variants")) {
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) v;
            if (v.path("id").asText().equals(RunFixture.LLM)) {
                o.put("status", "failed").put("calls", 6).put("errors", 6).put("error_rate", 1.0).put("first_error", sentence)
                        .put("answered_users", 0);
                o.putObject("errors_by_kind").put("NETWORK", 6);
            } else if (v.path("id").asText().equals("A")) {
                o.put("status", "partial").put("calls", 6).put("errors", 1).put("error_rate", 1 / 6.0)
                        .put("first_error", "The call timed out.").put("answered_users", 5);
                o.putObject("errors_by_kind").put("TIMEOUT", 1);
            }
        }
        Files.writeString(folder.resolve(RunFolder.SUMMARY), json.writeValueAsString(summary));
        List<String> lines = Files.readAllLines(folder.resolve(RunFolder.RESPONSES)).stream().map(l -> l.contains("\"variant\":\"" + RunFixture.LLM)
                ? l.replaceFirst("\"status\":\"[A-Z]+\"", "\"status\":\"ERROR\",\"error\":\"NETWORK: " + sentence
                        + "\"").replaceFirst("\"response\":(null|\"[^\"]*\")", "\"response\":null") : l).toList();
        Files.write(folder.resolve(RunFolder.RESPONSES), lines);

        RunResults results = new RunResults(folder, jobs);
        UI.getCurrent().add(results);

        assertThat(results.failures.isVisible()).isTrue();
        assertThat(results.failureLines()).anySatisfy(l -> assertThat(l).startsWith(RunFixture.LLM + " failed: 6 of 6 calls failed (network 6).")
                .contains("First error: " + sentence)).anySatisfy(l -> assertThat(l).startsWith("A partial: 1 of 6 calls failed (timeout 1), "
                        + "answered 5 of 6 users.")).anySatisfy(l -> assertThat(l).startsWith("The run failed: every LLM variant failed"));
        assertThat(results.baseline.getValue()).isEqualTo("base");
        var failed = results.table.getColumnByKey(RunFixture.LLM);
        assertThat(failed.getHeaderText()).isEqualTo(RunFixture.LLM + " (failed)");
        assertThat(results.table.getColumnByKey("A").getHeaderText()).isEqualTo("A \u26a0");
        int rows = com.github.mvysny.kaributesting.v10.GridKt._size(results.table);
        for (int i = 0; i < rows; i++) {
            var row = com.github.mvysny.kaributesting.v10.GridKt._get(results.table, i);
            assertThat(com.github.mvysny.kaributesting.v10.GridKt._getFormatted(results.table, i, RunFixture.LLM)).isEqualTo("failed");
            assertThat(failed.getPartNameGenerator().apply(row)).isEqualTo("rp-failed");
            assertThat(row.cell(RunFixture.LLM).best()).isFalse();
            assertThat(row.cell(RunFixture.LLM).test()).isNull();
        }
        var ndcg = results.table.getGenericDataView().getItems().filter(r -> r.metric().name().equals("ndcg@3")).findFirst().orElseThrow();
        assertThat(RunResults.cellText(ndcg, ndcg.cell("A"))).as("a partial variant keeps its values").startsWith("0.7000");

        results.drillDown(RunFixture.LLM, "ndcg@3");
        assertThat(results.users.getGenericDataView().getItems().map(Map.Entry::getKey)).contains("u1");
        UserPage page = new UserPage(RunFolder.open(folder), RunFixture.LLM, "u1", jobs);
        page.open();
        eventually(() -> !_find(page.body, Pre.class, s -> s.withId("user-raw-answer")).isEmpty());
        assertThat(_find(page.body, com.vaadin.flow.component.html.Paragraph.class, s -> s.withId("user-failure")).get(0).getText())
                .isEqualTo("The call failed: " + sentence);
        assertThat(_find(page.body, Pre.class, s -> s.withId("user-raw-answer")).get(0).getText())
                .isEqualTo("(no answer: the call failed)").doesNotContain("ranker");
    }

    /** The fixture run over a RecBole dataset whose items carry image URLs; local only as given. */
    Path runWithImages(boolean localOnly) throws Exception {
        Path folder = RunFixture.write(dir);
        Path data = Files.createDirectories(dir.resolve("covers"));
        StringBuilder items = new StringBuilder("item_id:token\ttitle:token_seq\timage_url:token\n");
        for (int i = 100; i < 120; i++) {
            items.append(i).append("\tBook ").append(i).append("\thttps://images.example.org/covers/").append(i).append(".jpg\n");
        }
        Files.writeString(data.resolve("covers.item"), items.toString());
        StringBuilder inter = new StringBuilder("user_id:token\titem_id:token\trating:float\ttimestamp:float\n");
        for (String u : List.of("u1", "u2", "u3", "u4", "u5", "u6")) {
            for (int k = 0; k < 3; k++) {
                inter.append(u).append('\t').append(110 + k).append("\t4\t").append(1000 + k).append('\n');
            }
        }
        Files.writeString(data.resolve("covers.inter"), inter.toString());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode summary = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                folder.resolve(RunFolder.SUMMARY).toFile());
        summary.set("dataset", json.valueToTree(Map.of("path", data.resolve("covers.inter").toString(), "name", "covers",
                "format", "recbole", "users", 6, "items", 20, "interactions", 18)));
        summary.put("local_only", localOnly);
        json.writeValue(folder.resolve(RunFolder.SUMMARY).toFile(), summary);
        return folder;
    }

    @Test
    void the_user_page_shows_the_items_images_by_their_urls_with_titles_and_none_from_a_local_only_run() throws Exception {
        UserPage page = new UserPage(RunFolder.open(runWithImages(false)), RunFixture.LLM, "u1", jobs);
        page.open();
        eventually(() -> !_find(page.body, com.vaadin.flow.component.html.Image.class).isEmpty());

        List<com.vaadin.flow.component.html.Image> thumbs = _find(page.body, com.vaadin.flow.component.html.Image.class);
        // the history (110, 111: the last is held out), then the candidates as the prompt showed them
        assertThat(thumbs).extracting(com.vaadin.flow.component.html.Image::getSrc).startsWith(
                "https://images.example.org/covers/110.jpg", "https://images.example.org/covers/111.jpg");
        assertThat(thumbs.get(0).getAlt()).contains("Book 110");
        assertThat(thumbs).allSatisfy(i -> assertThat(i.getElement().getAttribute("referrerpolicy")).isEqualTo("no-referrer"));
        page.close();

        UserPage quiet = new UserPage(RunFolder.open(runWithImages(true)), RunFixture.LLM, "u1", jobs);
        quiet.open();
        eventually(() -> !_find(quiet.body, com.vaadin.flow.component.html.Span.class,
                s -> s.withText("(image not loaded: local only)")).isEmpty());
        assertThat(_find(quiet.body, com.vaadin.flow.component.html.Image.class)).isEmpty();
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
            MockVaadin.clientRoundtrip();
        }
        assertThat(condition.getAsBoolean()).as("condition met in time").isTrue();
    }

    @Test
    void the_comparison_says_its_metrics_are_not_the_experiments_convention() throws Exception {
        Path run = RunFixture.write(dir);
        RunResults plain = new RunResults(run, jobs);
        UI.getCurrent().add(plain);
        assertThat(_find(plain, Paragraph.class, s -> s.withId("results-convention-note"))).as("hidden without protocol.json").isEmpty();
        UI.getCurrent().remove(plain);

        Files.writeString(run.resolve("protocol.json"), """
                {"protocol": "elliot", "describe": "elliot", "relevance": "rating >= 4.0", "relevance_threshold": 4.0, "repeats": 1,
                 "averaging": "averaged", "variants": [{"variant": "a", "failed": false, "repeats": 1, "metrics": {"hr@3": 0.5},
                   "repeats_defined": {"hr@3": 1}, "per_repeat": [{"repeat": 0, "counts": {}}]}]}
                """);
        RunResults results = new RunResults(run, jobs);
        UI.getCurrent().add(results);

        Paragraph note = _find(results, Paragraph.class, s -> s.withId("results-convention-note")).get(0);
        assertThat(note.isVisible()).isTrue();
        assertThat(note.getText()).startsWith("These are this project's own metrics (convention recprompt:")
                .endsWith("The experiment's convention is elliot (relevant: rating >= 4.0): its table is under \"Evaluation convention\".");
    }
}
