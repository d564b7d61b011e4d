package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;

/** {@code baseUrls}: read, checked on its line, written back; the cache key a fleet's answers are kept under. */
class FleetYamlTest {

    private static final String FLEET = """
            name: fleet
            dataset: { path: data }
            templates: [ t.mustache ]
            backends:
              - id: vllm
                type: openai-compatible
                model: llama
                concurrency: 4
                baseUrls:
                  - "http://10.0.0.1:8000/v1"
                  - "http://10.0.0.2:8000/v1"
            k: [5]
            """;

    private static ExperimentException refused(String yaml) {
        ExperimentException e = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(yaml, "fleet.yaml"));
        assertThat(e).as("refused: %s", yaml).isNotNull();
        return e;
    }

    @Test
    void base_urls_make_a_fleet_whose_concurrency_is_per_endpoint_and_it_round_trips() {
        ExperimentSpec spec = ExperimentYaml.read(FLEET, "fleet.yaml");
        BackendSpec b = spec.backends().get(0);
        assertThat(b.isFleet()).isTrue();
        assertThat(b.baseUrl()).isNull();
        assertThat(b.baseUrls()).containsExactly("http://10.0.0.1:8000/v1", "http://10.0.0.2:8000/v1");
        assertThat(b.isRemote()).as("10.0.0.x is not this machine").isTrue();
        assertThat(BackendHandle.settings(b, 7)).containsEntry("baseUrls", b.baseUrls()).containsEntry("concurrency", 4)
                .containsEntry("concurrency_per", "endpoint").containsEntry("calls_at_once", 8);
        assertThat(b.callsAtOnce()).as("the run's threads for this backend: 4 per server").isEqualTo(8);
        assertThat(ExperimentYaml.read(ExperimentYaml.write(spec), "again.yaml")).isEqualTo(spec);

        BackendSpec local = ExperimentYaml.read(FLEET.replace("10.0.0.1", "127.0.0.1").replace("10.0.0.2", "localhost"), "f.yaml")
                .backends().get(0);
        assertThat(local.isRemote()).isFalse();
        BackendSpec oneRemote = ExperimentYaml.read(FLEET.replace("10.0.0.1", "127.0.0.1"), "f.yaml").backends().get(0);
        assertThat(oneRemote.isRemote()).as("one remote endpoint makes the backend remote").isTrue();
        assertThat(ExperimentYaml.read(FLEET.replace("openai-compatible", "ollama"), "f.yaml").backends().get(0).isFleet()).isTrue();
    }

    @Test
    void wrong_base_urls_are_refused_on_their_line() {
        assertThat(refused(FLEET.replace("openai-compatible", "anthropic")).getMessage())
                .contains("fleet.yaml", "line 9", "baseUrls", "openai, openai-compatible and ollama", "not anthropic");
        assertThat(refused(FLEET.replace("    concurrency: 4\n", "    baseUrl: \"http://10.0.0.9/v1\"\n")).getMessage())
                .contains("line 9", "either baseUrl", "not both");
        assertThat(refused(FLEET.replace("\"http://10.0.0.2:8000/v1\"", "ftp://10.0.0.2/v1")).getMessage())
                .contains("line 11", "http(s) URL", "ftp://10.0.0.2/v1");
        assertThat(refused(FLEET.replace("\"http://10.0.0.2:8000/v1\"", "\"http://10.0.0.2:8000/v1?key=sk-leak-9\"")).getMessage())
                .contains("line 11", "must not carry a query").doesNotContain("sk-leak-9");
        assertThat(refused(FLEET.replace("\"http://10.0.0.2:8000/v1\"", "\"HTTP://10.0.0.1:8000/v1/\"")).getMessage())
                .contains("line 11", "twice", "first on line 10");
        assertThat(refused(FLEET.replace("    baseUrls:\n      - \"http://10.0.0.1:8000/v1\"\n      - \"http://10.0.0.2:8000/v1\"\n",
                "    baseUrls: []\n")).getMessage()).contains("line 9", "list of the fleet's server URLs");
    }

    @Test
    void a_saved_backend_with_several_base_urls_is_a_fleet_and_an_entry_naming_it_takes_no_base_urls() {
        org.recprompt.backend.BackendSettings fleet = SavedBackendsTest.vllm()
                .withConnection("http://10.0.0.1:8000/v1/\nhttp://10.0.0.2:8000/v1", "qwen2.5-7b", "VLLM_API_KEY");
        BackendSpec b = ExperimentYaml.parse(SavedBackendsTest.experiment("  - { id: gpt, backend: local-vllm }\n"), "e.yaml",
                SavedBackendsTest.saved(fleet)).spec().backends().get(1);
        assertThat(b.isFleet()).isTrue();
        assertThat(b.baseUrl()).isNull();
        assertThat(b.baseUrls()).as("trailing slashes dropped, order kept")
                .containsExactly("http://10.0.0.1:8000/v1", "http://10.0.0.2:8000/v1");
        assertThat(b.callsAtOnce()).as("the saved concurrency, per server").isEqualTo(12);
        assertThat(b.saved().baseUrl()).isEqualTo("http://10.0.0.1:8000/v1 http://10.0.0.2:8000/v1");
        BackendSpec one = ExperimentYaml.parse(SavedBackendsTest.experiment("  - { id: gpt, backend: local-vllm }\n"), "e.yaml",
                SavedBackendsTest.saved(SavedBackendsTest.vllm())).spec().backends().get(1);
        assertThat(one.isFleet()).isFalse();
        assertThat(one.baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");

        ExperimentException e = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.parse(SavedBackendsTest.experiment(
                "  - { id: gpt, backend: local-vllm, baseUrls: [\"http://10.0.0.1:8000/v1\"] }\n"), "e.yaml",
                SavedBackendsTest.saved(SavedBackendsTest.vllm())));
        assertThat(e.getMessage()).contains("line 6", "baseUrls comes from the saved backend local-vllm", "backend's tab");
    }

    @Test
    void under_local_only_a_fleet_with_a_remote_server_sends_nothing_and_names_that_server() {
        BackendSpec mixed = ExperimentYaml.read(FLEET.replace("10.0.0.1", "127.0.0.1"), "f.yaml").backends().get(0);
        org.recprompt.backend.BackendResult r = BackendHandle.refused(mixed, RunEnvironment.offline(), null)
                .generate(org.recprompt.backend.BackendRequest.of(List.of(new org.recprompt.prompt.Message("user", "hi"))));
        assertThat(r.failure().kind()).isEqualTo(org.recprompt.backend.Failure.Kind.LOCAL_ONLY);
        assertThat(r.failure().message()).contains("http://10.0.0.2:8000/v1").doesNotContain("127.0.0.1");
    }

    @Test
    void the_cache_key_of_a_fleet_covers_its_sorted_urls_not_the_endpoint_that_answered() {
        BackendSpec fleet = ExperimentYaml.read(FLEET, "f.yaml").backends().get(0);
        BackendSpec reversed = ExperimentYaml.read(FLEET.replace("10.0.0.1", "10.0.0.X").replace("10.0.0.2", "10.0.0.1")
                .replace("10.0.0.X", "10.0.0.2"), "f.yaml").backends().get(0);
        assertThat(reversed.baseUrls()).containsExactly("http://10.0.0.2:8000/v1", "http://10.0.0.1:8000/v1");
        var params = BackendHandle.parameters(fleet);
        assertThat(BackendHandle.keyed(reversed, params)).isEqualTo(BackendHandle.keyed(fleet, params))
                .containsEntry("baseUrls", "http://10.0.0.1:8000/v1 http://10.0.0.2:8000/v1");

        BackendSpec one = ExperimentYaml.read(FLEET.replace("      - \"http://10.0.0.2:8000/v1\"\n", ""), "f.yaml").backends().get(0);
        BackendSpec single = ExperimentYaml.read(FLEET.replace("    baseUrls:\n      - \"http://10.0.0.1:8000/v1\"\n"
                + "      - \"http://10.0.0.2:8000/v1\"\n", "    baseUrl: \"http://10.0.0.1:8000/v1\"\n"), "f.yaml").backends().get(0);
        assertThat(single.isFleet()).isFalse();
        assertThat(BackendHandle.keyed(one, params)).as("a fleet of one keys as its server").isEqualTo(BackendHandle.keyed(single, params));
        assertThat(BackendHandle.keyed(fleet, params)).isNotEqualTo(BackendHandle.keyed(single, params));
        assertThat(List.of(fleet, reversed, one)).allMatch(BackendSpec::isFleet);
    }
}
