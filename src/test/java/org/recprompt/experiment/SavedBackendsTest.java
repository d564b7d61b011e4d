package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.BackendConfigService.ResolvedKey;
import org.recprompt.backend.BackendSettings;
import org.recprompt.backend.BackendType;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;

/** {@code backend: NAME} entries: what the saved backend fills in, what the entry may override, and the errors. */
class SavedBackendsTest {

    @TempDir
    Path dir;

    static BackendSettings vllm() {
        return BackendSettings.defaults(BackendType.OPENAI_COMPATIBLE, "local-vllm", k -> null)
                .withConnection("http://127.0.0.1:8000/v1/", "qwen2.5-7b", "VLLM_API_KEY")
                .withSampling(new BackendSettings.Sampling(0.3, 0.9, 11, 256, true, false, 20))
                .withLimits(new BackendSettings.Limits(6, 120, 50_000L, 30, 2))
                .withPrices(new BackendSettings.Prices(0.1, 0.2));
    }

    static SavedBackends saved(BackendSettings... settings) {
        return new SavedBackends("the project's Backends folder", List.of(settings).stream()
                .map(s -> new SavedBackends.Saved(s, () -> new ResolvedKey("", null))).toList());
    }

    static String experiment(String backendLines) {
        return "name: e\n"
                + "dataset: { path: data }\n"
                + "templates: [ t.mustache ]\n"
                + "backends:\n"
                + "  - { id: pop, type: most-popular }\n"
                + backendLines;
    }

    @Test
    void an_entry_naming_a_saved_backend_takes_its_url_model_key_variable_parameters_limits_and_prices() {
        ExperimentSpec spec = ExperimentYaml.parse(experiment("  - { id: gpt, backend: LOCAL-VLLM }\n"), "e.yaml",
                saved(vllm())).spec();
        BackendSpec b = spec.backends().get(1);
        assertThat(b.id()).isEqualTo("gpt");
        assertThat(b.kind()).isEqualTo(ExperimentSpec.Kind.OPENAI_COMPATIBLE);
        assertThat(b.baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
        assertThat(b.model()).isEqualTo("qwen2.5-7b");
        assertThat(b.apiKeyEnv()).isEqualTo("VLLM_API_KEY");
        assertThat(b.temperature()).isEqualTo(0.3);
        assertThat(b.topP()).isEqualTo(0.9);
        assertThat(b.seed()).isEqualTo(11L);
        assertThat(b.maxTokens()).isEqualTo(256);
        assertThat(b.json()).isTrue();
        assertThat(b.concurrency()).isEqualTo(6);
        assertThat(b.rpm()).isEqualTo(120);
        assertThat(b.tpm()).isEqualTo(50_000L);
        assertThat(b.timeout()).isEqualTo(30.0);
        assertThat(b.retries()).as("2 retries after the first attempt are 3 attempts").isEqualTo(3);
        assertThat(b.priceInput()).isEqualTo(0.1);
        assertThat(b.priceOutput()).isEqualTo(0.2);
        assertThat(b.saved().describe()).containsEntry("name", "local-vllm").containsEntry("type", "openai-compatible")
                .containsEntry("model", "qwen2.5-7b").containsEntry("baseUrl", "http://127.0.0.1:8000/v1/");
        // written out in full for the run folder's copy: it runs without the project
        String written = ExperimentYaml.write(spec);
        assertThat(written).contains("baseUrl", "http://127.0.0.1:8000/v1", "qwen2.5-7b").doesNotContain("backend: ");
        assertThat(ExperimentYaml.parse(written, "copy.yaml").spec().backends().get(1).baseUrl()).isEqualTo(b.baseUrl());
    }

    @Test
    void the_entry_may_override_generation_parameters_and_limits_but_another_model_drops_the_saved_prices() {
        BackendSpec b = ExperimentYaml.parse(experiment("  - { id: hot, backend: local-vllm, temperature: 0.9, concurrency: 2,"
                + " model: llama-3.1-8b }\n"), "e.yaml", saved(vllm())).spec().backends().get(1);
        assertThat(b.temperature()).isEqualTo(0.9);
        assertThat(b.concurrency()).isEqualTo(2);
        assertThat(b.model()).isEqualTo("llama-3.1-8b");
        assertThat(b.priceInput()).isNull();
        assertThat(b.topP()).isEqualTo(0.9); // the rest stays the saved backend's
    }

    @Test
    void an_unknown_name_is_an_error_naming_the_file_the_line_and_the_projects_backends() {
        assertThatThrownBy(() -> ExperimentYaml.parse(experiment("  - { id: gpt, backend: remote-gpt }\n"), "e.yaml",
                saved(vllm(), vllm().withName("ollama-box"))))
                .isInstanceOf(ExperimentException.class)
                .hasMessageContaining("e.yaml, line 6")
                .hasMessageContaining("no saved backend named 'remote-gpt' in the project's Backends folder")
                .hasMessageContaining("local-vllm, ollama-box");
        assertThatThrownBy(() -> ExperimentYaml.parse(experiment("  - { id: gpt, backend: local-vllm }\n"), "e.yaml"))
                .hasMessageContaining("line 6").hasMessageContaining("add one in the Backends folder");
    }

    @Test
    void where_the_calls_go_and_which_key_they_send_are_the_saved_backends_only() {
        for (String key : List.of("baseUrl: \"http://elsewhere:1/v1\"", "apiKeyEnv: OTHER_KEY", "type: openai")) {
            assertThatThrownBy(() -> ExperimentYaml.parse(experiment("  - { id: gpt, backend: local-vllm, " + key + " }\n"),
                    "e.yaml", saved(vllm())))
                    .hasMessageContaining("line 6").hasMessageContaining("comes from the saved backend local-vllm");
        }
    }

    @Test
    void a_name_with_yaml_punctuation_is_written_quoted_and_read_back_whole() {
        BackendSettings hashed = BackendSettings.defaults(BackendType.OPENAI_COMPATIBLE, "vLLM #2: \"fast\"", k -> null)
                .withConnection("http://127.0.0.1:8001/v1/", "m2", "VLLM_API_KEY");
        BackendSettings plain = BackendSettings.defaults(BackendType.OPENAI_COMPATIBLE, "vLLM", k -> null)
                .withConnection("http://127.0.0.1:8000/v1/", "m1", "VLLM_API_KEY");
        String line = SavedBackends.entries(List.of(hashed.name()), List.of("pop")).get(0);
        assertThat(line).isEqualTo("{ id: vLLM-2-fast, backend: " + SavedBackends.quoted(hashed.name()) + " }");
        BackendSpec b = ExperimentYaml.parse(experiment("  - " + line + "\n"), "e.yaml", saved(plain, hashed)).spec()
                .backends().get(1);
        assertThat(b.model()).as("the entry names vLLM #2, not vLLM").isEqualTo("m2");
        // unquoted, YAML would read "vLLM" and a comment: the quoting is what keeps the other backend out
        BackendSpec unquoted = ExperimentYaml.parse(experiment("  - id: x\n    backend: vLLM #2\n"), "e.yaml",
                saved(plain, hashed)).spec().backends().get(1);
        assertThat(unquoted.model()).isEqualTo("m1");
    }

    @Test
    void a_saved_ranker_becomes_the_same_ranker() {
        BackendSettings ease = BackendSettings.defaults(BackendType.EASE, "ease-500", k -> null)
                .withLocal(new BackendSettings.Local("", 50, 250.0, 900));
        BackendSpec b = ExperimentYaml.parse(experiment("  - { backend: ease-500 }\n"), "e.yaml", saved(ease)).spec()
                .backends().get(1);
        assertThat(b.id()).isEqualTo("ease-500");
        assertThat(b.kind()).isEqualTo(ExperimentSpec.Kind.EASE);
        assertThat(b.lambda()).isEqualTo(250.0);
        assertThat(b.maxItems()).isEqualTo(900);
    }

    @Test
    void an_exported_projects_backends_file_is_read_beside_its_experiments_folder_with_keys_from_the_variable() throws Exception {
        Path project = Files.createDirectories(dir.resolve("exported/experiments"));
        Files.writeString(dir.resolve("exported/backends.yaml"), SavedBackends.write(List.of(vllm())));
        SavedBackends s = SavedBackends.beside(project.resolve("x.yaml"), Map.of("VLLM_API_KEY", "k-123")::get);
        assertThat(s.names()).containsExactly("local-vllm");
        assertThat(s.find("local-vllm").orElseThrow().settings()).isEqualTo(vllm());
        ResolvedKey key = s.find("local-vllm").orElseThrow().key().get();
        assertThat(key.variable()).isEqualTo("VLLM_API_KEY");
        assertThat(key.value()).isEqualTo("k-123");
        // a variable that does not look like a key is never read
        ResolvedKey refused = SavedBackends.keyFromEnvironment(vllm().withConnection("http://127.0.0.1:8000/v1", "m", "HOME"),
                Map.of("HOME", "/root")::get);
        assertThat(refused.value()).isNull();
        assertThat(refused.refusal()).contains("_KEY");
        // no file: a backend: entry says where it looked
        SavedBackends none = SavedBackends.beside(dir.resolve("elsewhere/experiments/x.yaml"), k -> null);
        assertThat(none.names()).isEmpty();
        assertThat(none.where()).contains("backends.yaml (not found");
    }

    @Test
    void the_starter_names_saved_backends_with_ids_of_their_own() {
        assertThat(SavedBackends.entries(List.of("local vLLM", "pop", "Pop"), List.of("random", "pop")))
                .containsExactly("{ id: local-vLLM, backend: \"local vLLM\" }", "{ id: pop-2, backend: \"pop\" }",
                        "{ id: Pop-3, backend: \"Pop\" }");
        String text = ExperimentService.starter("e", "/data", "../templates/t.mustache", false, List.of(), List.of("local-vllm"));
        BackendSpec b = ExperimentYaml.parse(text, "e.yaml", saved(vllm())).spec().backends().stream()
                .filter(x -> x.saved() != null).findFirst().orElseThrow();
        assertThat(b.id()).isEqualTo("local-vllm");
        assertThat(text).doesNotContain("type: semantic");
    }
}
