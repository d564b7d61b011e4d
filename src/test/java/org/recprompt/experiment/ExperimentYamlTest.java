package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.Kind;

class ExperimentYamlTest {

    /** The issue's example, exactly as written there. */
    static final String ISSUE_EXAMPLE = """
            name: ranking-ml-small
            dataset: { path: ../shared/datasets/ml-latest-small }
            split: { method: leave-last-out }
            users: { sample: 200, seed: 7 }
            candidates: { size: 20, negatives: random, seed: 7 }
            templates: [ prompt-templates/candidate-ranking.mustache ]
            backends:
              - { id: random, type: random, seed: 7 }
              - { id: pop, type: most-popular }
              - { id: llm, type: openai, baseUrl: "http://127.0.0.1:18080/v1", model: test-model, apiKeyEnv: TEST_KEY, concurrency: 8 }
            k: [1, 5, 10]
            """;

    static final String EVERY_AXIS = """
            name: every-axis
            description: all the axes at once
            seed: 11
            dataset: { path: data/ml, format: movielens-csv }
            split: { method: random-holdout, fraction: 0.2, seed: 5 }
            users: { sample: all, seed: 3, stratified: true }
            candidates: { size: 30, negatives: retrieved, seed: 4, retriever: item-knn }
            templates: [ a.mustache, b.mustache ]
            fewShot: [ 0, { count: 3, strategy: similar-genres, seed: 9 } ]
            history: [0, 1, 3, 5]
            orders: { permutations: 3, seed: 8 }
            repeats: 2
            backends:
              - { id: ease, type: ease, lambda: 250.5, maxItems: 500 }
              - id: gpt
                type: openai
                model: gpt-4o-mini
                apiKeyEnv: MY_KEY
                concurrency: 16
                rpm: 500
                tpm: 200000
                temperature: 0.0
                maxTokens: 300
                timeout: 30
                retries: 4
                price: { input: 0.15, output: 0.6 }
              - { id: old, type: replay, file: answers.jsonl }
            k: [5, 10]
            metrics: [ndcg, hr, coverage]
            bootstrap: { resamples: 2000, seed: 12 }
            grounding: { fuzzy: 0.9, candidateFuzzy: 0.8, expect: 10 }
            store: { prompts: false }
            """;

    @Test
    void the_issues_example_is_accepted_as_written() {
        ExperimentSpec s = ExperimentYaml.read(ISSUE_EXAMPLE, "exp.yaml");

        assertThat(s.name()).isEqualTo("ranking-ml-small");
        assertThat(s.dataset().path()).isEqualTo("../shared/datasets/ml-latest-small");
        assertThat(s.users().sample()).isEqualTo(200);
        assertThat(s.users().seed()).isEqualTo(7);
        assertThat(s.candidates().size()).isEqualTo(20);
        assertThat(s.templates()).containsExactly("prompt-templates/candidate-ranking.mustache");
        assertThat(s.backends()).extracting(BackendSpec::id).containsExactly("random", "pop", "llm");
        assertThat(s.backends()).extracting(BackendSpec::kind).containsExactly(Kind.RANDOM, Kind.MOST_POPULAR, Kind.OPENAI);
        BackendSpec llm = s.backends().get(2);
        assertThat(llm.baseUrl()).isEqualTo("http://127.0.0.1:18080/v1");
        assertThat(llm.apiKeyEnv()).isEqualTo("TEST_KEY");
        assertThat(llm.effectiveConcurrency()).isEqualTo(8);
        assertThat(s.k()).containsExactly(1, 5, 10);
        assertThat(s.repeats()).isEqualTo(1);
    }

    @Test
    void protocol_and_relevance_are_read_checked_and_written_only_when_set() {
        ExperimentSpec plain = ExperimentYaml.read(ISSUE_EXAMPLE, "exp.yaml");
        assertThat(plain.evaluation().isDefault()).isTrue();
        assertThat(plain.evaluation().relevance().hasThreshold()).isFalse();
        assertThat(ExperimentYaml.write(plain)).doesNotContain("protocol").doesNotContain("relevance");

        ExperimentSpec set = ExperimentYaml.read(ISSUE_EXAMPLE + "protocol: RecPrompt\nrelevance: { threshold: 4 }\n", "exp.yaml");
        assertThat(set.evaluation().protocol()).isEqualTo("recprompt");
        assertThat(set.evaluation().relevance().describe()).isEqualTo("rating >= 4.0");
        String written = ExperimentYaml.write(set);
        assertThat(written).contains("threshold: 4.0");
        assertThat(ExperimentYaml.read(written, "written.yaml")).isEqualTo(set);

        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "protocol: elliott\n", "exp.yaml"))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("exp.yaml").hasMessageContaining("line 12")
                .hasMessageContaining("protocol").hasMessageContaining("unknown protocol 'elliott'").hasMessageContaining("recprompt");
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "relevance: { threshold: high }\n", "exp.yaml"))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("relevance.threshold")
                .hasMessageContaining("expected a number");
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "relevance: { treshold: 4 }\n", "exp.yaml"))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("relevance").hasMessageContaining("threshold");
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "relevance: { threshold: 1e999 }\n", "exp.yaml"))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("relevance.threshold")
                .hasMessageContaining("finite");
    }

    @Test
    void a_spec_round_trips_through_its_canonical_yaml() {
        for (String yaml : List.of(ISSUE_EXAMPLE, EVERY_AXIS)) {
            ExperimentSpec s = ExperimentYaml.read(yaml, "exp.yaml");
            String written = ExperimentYaml.write(s);

            ExperimentSpec again = ExperimentYaml.read(written, "written.yaml");

            assertThat(again).isEqualTo(s);
            assertThat(ExperimentYaml.write(again)).isEqualTo(written);
        }
        ExperimentSpec every = ExperimentYaml.read(EVERY_AXIS, "exp.yaml");
        assertThat(every.fewShot()).hasSize(2);
        assertThat(every.fewShot().get(1).strategy()).isEqualTo("similar-genres");
        assertThat(every.history()).containsExactly(0, 1, 3, 5);
        assertThat(every.orders().permutations()).isEqualTo(3);
        assertThat(every.backends().get(1).priceOutput()).isEqualTo(0.6);
        assertThat(every.backends().get(0).lambda()).isEqualTo(250.5);
        assertThat(every.users().sample()).isNull();
        assertThat(every.store().prompts()).isFalse();
    }

    @Test
    void a_generic_csv_with_an_item_file_round_trips_and_a_wrong_key_names_its_line() {
        String yaml = ISSUE_EXAMPLE.replace("dataset: { path: ../shared/datasets/ml-latest-small }", """
                dataset:
                  path: data/ratings.csv
                  columns: { user: reader, item: book, delimiter: tab }
                  items: { file: books.csv, id: book_id, title: title, genres: genres, genresSeparator: "|", image: image_url, author: authors }""");
        ExperimentSpec s = ExperimentYaml.read(yaml, "exp.yaml");
        var m = s.dataset().columns();
        assertThat(m.user()).isEqualTo("reader");
        assertThat(m.delimiter()).isEqualTo('\t');
        assertThat(m.items().file()).isEqualTo("books.csv");
        assertThat(m.items().authors()).isEqualTo("authors");
        assertThat(m.items().separator()).isEqualTo("|");
        String written = ExperimentYaml.write(s);
        assertThat(ExperimentYaml.read(written, "written.yaml")).isEqualTo(s);
        assertThat(ExperimentYaml.read(ISSUE_EXAMPLE, "exp.yaml").dataset().columns()).as("no columns, no items: the usual names").isNull();

        ExperimentException key = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                yaml.replace("title: title,", "titel: title,"), "exp.yaml"));
        assertThat(key.line()).isEqualTo(5);
        assertThat(key.key()).isEqualTo("dataset.items.titel");
        assertThat(key.problem()).contains("unknown key (did you mean 'title'?)");
        ExperimentException file = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                yaml.replace("file: books.csv, ", ""), "exp.yaml"));
        assertThat(file.key()).isEqualTo("dataset.items.file");
        assertThat(file.line()).isEqualTo(5);
        assertThat(file.problem()).contains("required");
        ExperimentException delimiter = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                yaml.replace("delimiter: tab", "delimiter: ;;"), "exp.yaml"));
        assertThat(delimiter.key()).isEqualTo("dataset.columns.delimiter");
        assertThat(delimiter.line()).isEqualTo(4);
        ExperimentException format = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                yaml.replace("path: data/ratings.csv", "path: data/ratings.csv\n  format: goodbooks-10k"), "exp.yaml"));
        assertThat(format.key()).isEqualTo("dataset.items");
        assertThat(format.problem()).contains("generic CSV (format: csv)");
    }

    /** Issue 21: a syntax error on line 17 was reported on an earlier line, and only the parser's first words were kept. */
    @Test
    void a_syntax_error_is_reported_on_its_own_line_with_the_parsers_whole_reason() {
        String seventeen = """
                name: wrong-line
                # a comment

                dataset: { path: data/ml }
                split: { method: leave-last-out }
                users:
                  sample: 20
                  seed: 7
                candidates:
                  size: 20
                  negatives: random
                templates:
                  - prompt-templates/a.mustache
                backends:
                  - { id: pop, type: most-popular }
                  - id: llm
                    type: openai model: m
                k: [5, 10]
                """;

        ExperimentException e = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(seventeen, "exp.yaml"));

        assertThat(e.line()).isEqualTo(17);
        assertThat(e.getMessage()).isEqualTo("exp.yaml, line 17: not valid YAML: mapping values are not allowed here (column 23)");
    }

    @Test
    void an_unclosed_flow_mapping_is_reported_where_the_parser_stopped_with_where_the_mapping_started() {
        String broken = ISSUE_EXAMPLE.replace("  - { id: pop, type: most-popular }", "  - { id: pop, type: most-popular");

        ExperimentException e = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(broken, "exp.yaml"));

        assertThat(e.line()).isEqualTo(10);
        assertThat(e.problem()).isEqualTo("not valid YAML: expected ',' or '}', but got { (column 5;"
                + " while parsing a flow mapping that starts on line 9, column 5)");
    }

    @Test
    void a_tab_indent_is_reported_on_its_line_with_the_parsers_advice() {
        ExperimentException e = catchThrowableOfType(ExperimentException.class,
                () -> ExperimentYaml.read("name: x\ndataset: d\n\tbackends: []\n", "exp.yaml"));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).contains("found character '\\t(TAB)' that cannot start any token")
                .contains("(Do not use \\t(TAB) for indentation)");
    }

    @Test
    void a_misspelt_key_is_named_with_its_path_and_line_and_the_key_it_resembles() {
        String broken = ISSUE_EXAMPLE.replace("apiKeyEnv: TEST_KEY, concurrency: 8", "apiKeyEnv: TEST_KEY, concurency: 8");

        ExperimentException e = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(broken, "exp.yaml"));

        assertThat(e.line()).isEqualTo(10);
        assertThat(e.key()).isEqualTo("backends[3].concurency");
        assertThat(e.getMessage()).startsWith("exp.yaml, line 10, backends[3].concurency: unknown key (did you mean 'concurrency'?)");
    }

    @Test
    void wrong_values_name_the_key_and_the_line() {
        ExperimentException type = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                ISSUE_EXAMPLE.replace("type: most-popular", "type: most-unpopular"), "exp.yaml"));
        assertThat(type.line()).isEqualTo(9);
        assertThat(type.key()).isEqualTo("backends[2].type");
        assertThat(type.problem()).contains("unknown backend type 'most-unpopular'").contains("item-knn");

        ExperimentException number = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                ISSUE_EXAMPLE.replace("concurrency: 8", "concurrency: eight"), "exp.yaml"));
        assertThat(number.line()).isEqualTo(10);
        assertThat(number.key()).isEqualTo("backends[3].concurrency");
        assertThat(number.problem()).contains("whole number");

        ExperimentException sample = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                ISSUE_EXAMPLE.replace("sample: 200", "sample: -4"), "exp.yaml"));
        assertThat(sample.line()).isEqualTo(4);
        assertThat(sample.key()).isEqualTo("users.sample");

        ExperimentException missing = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                ISSUE_EXAMPLE.replace("model: test-model, ", ""), "exp.yaml"));
        assertThat(missing.line()).isEqualTo(10);
        assertThat(missing.problem()).contains("needs a model");

        ExperimentException twice = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                ISSUE_EXAMPLE.replace("id: pop,", "id: random,"), "exp.yaml"));
        assertThat(twice.line()).isEqualTo(9);
        assertThat(twice.problem()).contains("a second backend with id 'random'");
    }

    @Test
    void a_key_written_into_the_experiment_is_refused() {
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE.replace("apiKeyEnv: TEST_KEY", "apiKey: sk-123"), "exp.yaml"))
                .isInstanceOf(ExperimentException.class)
                .hasMessageContaining("line 10").hasMessageContaining("never write a key").hasMessageNotContaining("sk-123");
    }

    @Test
    void api_key_env_names_only_a_key_like_variable_and_a_base_url_carries_no_key() {
        ExperimentException home = catchThrowableOfType(ExperimentException.class,
                () -> ExperimentYaml.read(ISSUE_EXAMPLE.replace("apiKeyEnv: TEST_KEY", "apiKeyEnv: HOME"), "exp.yaml"));
        assertThat(home.getMessage()).contains("exp.yaml").contains("line 10").contains("apiKeyEnv")
                .contains("_KEY").contains("RECPROMPT_KEY_VARIABLES");
        assertThat(ExperimentYaml.read(ISSUE_EXAMPLE.replace("apiKeyEnv: TEST_KEY", "apiKeyEnv: HF_TOKEN"), "exp.yaml")
                .backends().get(2).apiKeyEnv()).isEqualTo("HF_TOKEN");

        for (String url : List.of("http://127.0.0.1:18080/v1?key=sk-leak-1", "http://127.0.0.1:18080/v1?api_key=sk-leak-1",
                "http://user:sk-leak-1@127.0.0.1:18080/v1", "http://127.0.0.1:18080/v1#token=sk-leak-1")) {
            ExperimentException e = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                    ISSUE_EXAMPLE.replace("http://127.0.0.1:18080/v1", url), "exp.yaml"));
            assertThat(e).as(url).isNotNull();
            assertThat(e.getMessage()).as(url).contains("line 10").contains("baseUrl").doesNotContain("sk-leak-1");
        }
        ExperimentException notHttp = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                ISSUE_EXAMPLE.replace("http://127.0.0.1:18080/v1", "ftp://127.0.0.1/v1?token=sk-leak-1"), "exp.yaml"));
        assertThat(notHttp.getMessage()).doesNotContain("sk-leak-1");
    }

    @Test
    void prompt_backends_need_a_template() {
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE.replace(
                "templates: [ prompt-templates/candidate-ranking.mustache ]\n", ""), "exp.yaml"))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("templates").hasMessageContaining("llm");
    }

    @Test
    void paths_resolve_against_the_yaml_folder_then_the_working_folder(@TempDir Path dir) throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 5);
        Path exp = Files.createDirectories(dir.resolve("exps"));
        Path work = Files.createDirectories(dir.resolve("work"));
        ExperimentFixtures.template(Files.createDirectories(work.resolve("tpl")), "ranking");
        Files.writeString(exp.resolve("e.yaml"), """
                name: paths
                dataset: { path: ../data }
                templates: [ tpl/ranking.mustache ]
                backends: [ { id: llm, type: ollama, model: m } ]
                """);

        ExperimentFile f = ExperimentFile.load(exp.resolve("e.yaml"), work);

        assertThat(f.dataset()).isEqualTo(data.toAbsolutePath().normalize());
        assertThat(f.templatePaths()).containsExactly(work.resolve("tpl/ranking.mustache").toAbsolutePath().normalize());
        assertThat(f.templates().get(0).name()).isEqualTo("ranking");

        ExperimentException e = catchThrowableOfType(ExperimentException.class,
                () -> ExperimentFile.load(exp.resolve("e.yaml"), dir));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("templates[1]");
        assertThat(e.problem()).contains("no template file tpl/ranking.mustache");
    }

    @Test
    void the_history_axis_takes_numbers_and_full_and_zero_means_no_history() {
        ExperimentSpec s = ExperimentYaml.read(ISSUE_EXAMPLE + "history: [0, 1, 3, full]\n", "exp.yaml");
        assertThat(s.history()).containsExactly(0, 1, 3, ExperimentSpec.FULL_HISTORY);
        String written = ExperimentYaml.write(s);
        assertThat(written).contains("- full");
        assertThat(ExperimentYaml.read(written, "again.yaml")).isEqualTo(s);
        assertThat(ExperimentYaml.read(ISSUE_EXAMPLE + "history: [5, all]\n", "exp.yaml").history())
                .containsExactly(5, ExperimentSpec.FULL_HISTORY);
        assertThat(ExperimentSpec.historyLabel(ExperimentSpec.FULL_HISTORY)).isEqualTo("full");
        assertThat(ExperimentSpec.historyLabel(null)).isEqualTo("template");

        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "history: [full, all]\n", "exp.yaml"))
                .hasMessageContaining("history").hasMessageContaining("'full' appears twice");
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "history: [3, half]\n", "exp.yaml"))
                .hasMessageContaining("line 12").hasMessageContaining("history[2]").hasMessageContaining("'half'");
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "history: [-1]\n", "exp.yaml"))
                .hasMessageContaining("history");
    }

    @Test
    void a_simulation_has_rounds_a_choice_model_a_seed_and_a_liked_threshold() {
        ExperimentSpec s = ExperimentYaml.read(ISSUE_EXAMPLE + "simulation: { rounds: 5 }\n", "exp.yaml");
        assertThat(s.simulation()).isEqualTo(new ExperimentSpec.SimulationSpec(5, "top-1", 7, 4.0, "fresh"));
        ExperimentSpec liked = ExperimentYaml.read(ISSUE_EXAMPLE
                + "simulation: { rounds: 3, accept: liked, likedThreshold: 4.5, seed: 9 }\n", "exp.yaml");
        assertThat(liked.simulation()).isEqualTo(new ExperimentSpec.SimulationSpec(3, "liked", 9, 4.5, "fresh"));
        assertThat(ExperimentYaml.read(ExperimentYaml.write(liked), "again.yaml")).isEqualTo(liked);
        assertThat(ExperimentYaml.read(ISSUE_EXAMPLE, "exp.yaml").simulation()).isNull();

        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "simulation: { rounds: 0 }\n", "exp.yaml"))
                .hasMessageContaining("line 12").hasMessageContaining("simulation.rounds");
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "simulation: { accept: top-1 }\n", "exp.yaml"))
                .hasMessageContaining("simulation.rounds").hasMessageContaining("required");
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "simulation: { rounds: 2, accept: random }\n", "exp.yaml"))
                .hasMessageContaining("simulation.accept").hasMessageContaining("top-1, liked, by-rank");
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "simulation: { rounds: 2, round: 3 }\n", "exp.yaml"))
                .hasMessageContaining("unknown key").hasMessageContaining("rounds");
        assertThatThrownBy(() -> ExperimentYaml.read(ISSUE_EXAMPLE + "repeats: 2\nsimulation: { rounds: 2 }\n", "exp.yaml"))
                .hasMessageContaining("line 13").hasMessageContaining("repeats to 1");
    }

    @Test
    void the_canonical_form_writes_every_key_in_a_fixed_order_so_the_fingerprint_is_the_same_in_every_process() {
        String written = ExperimentYaml.write(ExperimentYaml.read(ISSUE_EXAMPLE, "exp.yaml"));

        // Map.of iterates in an order salted per JVM: a resumed run in a new process once got another fingerprint.
        assertThat(written).contains("orders:\n  permutations: 1\n  seed: 7\n", "bootstrap:\n  resamples: 1000\n  seed: 7\n",
                "store:\n  prompts: true\n");
    }

    @Test
    void an_experiment_over_the_size_limit_is_refused_before_parsing(@TempDir Path dir) throws Exception {
        // one byte over 1 MiB in one quoted scalar (what made parsing take minutes)
        String big = "name: big\ndescription: \"" + "x".repeat((int) ExperimentYaml.MAX_BYTES - 25) + "\"\n";
        assertThat(big.length()).isEqualTo(ExperimentYaml.MAX_BYTES + 1);
        ExperimentException e = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.parse(big, "big.yaml"));
        assertThat(e.getMessage()).startsWith("big.yaml: is 1,048,577 bytes, above the 1 MB limit");
        // exactly at the limit it is parsed (and then judged on its keys: here the missing dataset)
        String atLimit = big.substring(0, big.length() - 3) + "\"\n";
        assertThat(catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.parse(atLimit, "at.yaml")).getMessage())
                .doesNotContain("limit");
        // the limit is on UTF-8 bytes: 600,000 two-byte letters are 1.2 MB
        String accents = "name: big\ndescription: \"" + "\u00e9".repeat(600_000) + "\"\n";
        assertThat(catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.parse(accents, "a.yaml")).getMessage())
                .contains("above the 1 MB limit");
        // a file is refused by its size, unread: 20 MB names the file and both sizes
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, "name: huge\ndescription: \"" + "x".repeat(20 << 20) + "\"\n");
        ExperimentException f = catchThrowableOfType(ExperimentException.class, () -> ExperimentFile.load(file, dir));
        assertThat(f.getMessage()).startsWith(file + ": is 20 MB, above the 1 MB limit for an experiment file");
    }
}
