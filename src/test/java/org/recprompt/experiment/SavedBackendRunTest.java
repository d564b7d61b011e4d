package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.SpringTestBase;
import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendSettings;
import org.recprompt.backend.BackendType;
import org.recprompt.backend.FakeProviderServer;
import org.recprompt.cli.RecPromptCli;
import org.recprompt.prompt.TemplateService;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A backend saved in the project's Backends folder, used by an experiment by name: the run calls
 * the server it names with its model, parameters and stored key, and records which saved backend it
 * used; the exported project runs from the command line as it is, and imports back with its backends.
 */
class SavedBackendRunTest extends SpringTestBase {

    static final String KEY = "sk-saved-4242";

    @Autowired
    ExperimentService experiments;
    @Autowired
    ProjectArchive archive;
    @Autowired
    ProjectService projects;
    @Autowired
    TemplateService templates;
    @Autowired
    BackendConfigService backends;

    @TempDir
    Path dir;

    FakeProviderServer server;
    final List<Long> created = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeProviderServer()
                .on("/v1/chat/completions", 200, FakeProviderServer.openAiAnswer("1. Movie 3 (2000)"));
    }

    @AfterEach
    void stop() {
        server.close();
        created.forEach(projects::delete);
    }

    Path dataset() throws Exception {
        Path d = ExperimentFixtures.tinyMovies(dir.resolve("tiny"));
        return d;
    }

    BackendSettings local(String model) {
        return new BackendSettings("local-vllm", BackendType.OPENAI_COMPATIBLE, server.root() + "/v1", model, "",
                new BackendSettings.Sampling(0.25, null, 42, 64, false, false, 20),
                new BackendSettings.Limits(2, 0, 0L, 10, 1), BackendSettings.Prices.NONE, null);
    }

    @Test
    void an_experiment_runs_a_saved_backend_by_name_and_records_which_one() throws Exception {
        Project p = projects.create("Saved backends " + System.nanoTime(), "");
        created.add(p.getId());
        templates.importFromLibrary(p.getId(), "candidate-ranking");
        BackendConfig c = backends.create(p.getId(), local("served-model"));
        backends.save(c.getId(), c.settings(), KEY); // the key goes to the encrypted store, bound to the URL
        String text = ExperimentService.starter("with-llm", dataset().toString(), "../templates/candidate-ranking.mustache",
                false, List.of(), List.of("local-vllm")).replace("sample: 200", "sample: 4").replace("size: 20", "size: 5");
        assertThat(text).contains("{ id: local-vllm, backend: \"local-vllm\" }");
        experiments.create(p.getId(), "with-llm", text);

        ExperimentRun run = experiments.start(p.getId(), experiments.prepare(p.getId(), "with-llm"), null);
        ExperimentRun.Result result = run.await(Duration.ofSeconds(60));
        assertThat(result.state()).isEqualTo(RunProgress.State.COMPLETE);

        List<FakeProviderServer.Seen> calls = server.seen().stream()
                .filter(s -> s.pathAndQuery().equals("/v1/chat/completions")).toList();
        assertThat(calls).hasSize(4);
        assertThat(calls.get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(calls.get(0).body()).contains("\"served-model\"").containsPattern("\"temperature\"\\s*:\\s*0.25");

        ObjectMapper json = new ObjectMapper();
        JsonNode summary = json.readTree(run.folder().resolve("summary.json").toFile());
        JsonNode used = null;
        for (JsonNode b : summary.path("backends")) {
            if (b.path("id").asText().equals("local-vllm")) {
                used = b;
            }
        }
        assertThat(used).as("summary.json backends: %s", summary.path("backends")).isNotNull();
        JsonNode savedBackend = used.path("saved_backend");
        assertThat(savedBackend.path("name").asText()).isEqualTo("local-vllm");
        assertThat(savedBackend.path("type").asText()).isEqualTo("openai-compatible");
        assertThat(savedBackend.path("model").asText()).isEqualTo("served-model");
        assertThat(savedBackend.path("baseUrl").asText()).isEqualTo(server.root() + "/v1");
        JsonNode manifest = json.readTree(run.folder().resolve("run.json").toFile());
        assertThat(manifest.path("saved_backends").get(0).path("name").asText()).isEqualTo("local-vllm");
        for (String f : List.of("summary.json", "run.json", "experiment.yaml")) {
            assertThat(Files.readString(run.folder().resolve(f))).as(f).doesNotContain(KEY);
        }

        // an edit of the saved backend is what the next run uses, and what its record says
        backends.save(c.getId(), local("other-model").withName("local-vllm"), null);
        assertThat(experiments.prepare(p.getId(), "with-llm").spec().backends().stream()
                .filter(b -> b.saved() != null).findFirst().orElseThrow().model()).isEqualTo("other-model");

        // a name the project lacks: file, line and the project's names
        assertThatThrownBy(() -> experiments.validate(p.getId(), "with-llm", text.replace("backend: \"local-vllm\"", "backend: gpt-remote")))
                .isInstanceOf(ExperimentException.class)
                .hasMessageContaining("with-llm.yaml, line ")
                .hasMessageContaining("no saved backend named 'gpt-remote'")
                .hasMessageContaining("its backends: local-vllm");
    }

    @Test
    void an_exported_project_runs_from_the_command_line_with_its_saved_backend_and_imports_back() throws Exception {
        Project p = projects.create("Exported backends " + System.nanoTime(), "");
        created.add(p.getId());
        templates.importFromLibrary(p.getId(), "candidate-ranking");
        BackendConfig c = backends.create(p.getId(), local("served-model"));
        backends.save(c.getId(), c.settings(), KEY);
        experiments.create(p.getId(), "with-llm", ExperimentService.starter("with-llm", dataset().toString(),
                "../templates/candidate-ranking.mustache", false, List.of(), List.of("local-vllm"))
                .replace("sample: 200", "sample: 3").replace("size: 20", "size: 5"));

        Path exported = archive.export(p.getId(), dir.resolve("exported"));
        String backendsFile = Files.readString(exported.resolve("backends.yaml"));
        assertThat(backendsFile).contains("local-vllm", server.root()).doesNotContain(KEY);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path runFolder = dir.resolve("cli-run");
        int code = RecPromptCli.run(new String[] {"run", exported.resolve("experiments/with-llm.yaml").toString(), "--out",
            runFolder.toString(), "--no-cache", "--quiet"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as("stdout %s%nstderr %s", out, err).isZero();
        List<FakeProviderServer.Seen> calls = server.seen().stream()
                .filter(s -> s.pathAndQuery().equals("/v1/chat/completions")).toList();
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).header("Authorization")).as("the stored key stays in the workspace").doesNotContain(KEY);
        JsonNode summary = new ObjectMapper().readTree(runFolder.resolve("summary.json").toFile());
        assertThat(summary.toString()).contains("\"saved_backend\"").contains(exported.resolve("backends.yaml").toString());

        // an exported experiment naming a backend its backends.yaml lacks: the file, line and the names it has
        Files.writeString(exported.resolve("experiments/broken.yaml"), Files.readString(exported.resolve(
                "experiments/with-llm.yaml")).replace("backend: \"local-vllm\"", "backend: nowhere"));
        code = RecPromptCli.run(new String[] {"run", exported.resolve("experiments/broken.yaml").toString(), "--out",
            dir.resolve("broken-run").toString(), "--no-cache", "--quiet"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("broken.yaml, line").contains("no saved backend named 'nowhere'")
                .contains("its backends: local-vllm");

        Files.delete(exported.resolve("experiments/broken.yaml"));
        Project back = archive.importFrom(exported);
        created.add(back.getId());
        assertThat(backends.list(back.getId())).extracting(BackendConfig::getName).containsExactly("local-vllm");
        assertThat(backends.list(back.getId()).get(0).getSecretName()).as("keys are not exported").isNull();
        experiments.validate(back.getId(), "with-llm", experiments.read(back.getId(), "with-llm"));
    }
}
