package org.recprompt.backend.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.KaribuTestBase;
import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendSettings;
import org.recprompt.backend.BackendType;
import org.recprompt.backend.FakeProviderServer;
import org.recprompt.backend.SecretStore;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.ui.WorkbenchView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.github.mvysny.kaributesting.v10.ComboBoxKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.ShortcutsKt;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.dom.Element;

/**
 * The backend tab without a browser: created from the Backends folder's action, models listed
 * from a local server, saved with Ctrl+S, reopened, the key only ever masked, and the connection
 * test in the background reporting an answer and a dead port.
 */
class BackendEditorTest extends KaribuTestBase {

    static final String KEY = "sk-test-ui-0123456789-WXYZ";

    @Autowired
    ProjectService projects;
    @Autowired
    BackendConfigService backends;
    @Autowired
    SecretStore secrets;
    @Autowired
    ConsoleLog console;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ExplorerContribution[] contributions;

    Project project;
    FakeProviderServer server;
    WorkbenchView view;
    BackendExplorer explorer;

    @BeforeEach
    void open() throws Exception {
        projects.list().forEach(p -> projects.delete(p.getId()));
        jdbc.update("DELETE FROM secret");
        project = projects.create("LLM backends", "");
        server = new FakeProviderServer()
                .on("/v1/models", 200, "{\"object\":\"list\",\"data\":[{\"id\":\"served-model\"},{\"id\":\"<b>bold</b>-model\"}]}")
                .on("/v1/chat/completions", new FakeProviderServer.Reply(200, FakeProviderServer.openAiAnswer("<i>OK</i>"), 300));
        newWindow();
        view = _get(WorkbenchView.class);
        explorer = (BackendExplorer) Arrays.stream(contributions).filter(c -> c.folder().equals("Backends")).findFirst().orElseThrow();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static void eventually(BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
            MockVaadin.clientRoundtrip();
        }
        assertThat(condition.getAsBoolean()).as("condition met in time; state: %s", state.get()).isTrue();
    }

    /** Runs the folder's "New backend..." action as the explorer does: the created entry opens in a tab. */
    BackendEditor createFromExplorer(BackendType type, String name) {
        ExplorerContribution.FolderAction action = explorer.folderActions().stream()
                .filter(a -> a.label().equals("New backend...")).findFirst().orElseThrow();
        action.handler().run(project.getId(), created -> view.openEntry(explorer, project.getId(), created));
        NewBackendDialog dialog = _get(NewBackendDialog.class);
        _setValue(dialog.type, type);
        assertThat(dialog.name.getValue()).isEqualTo(type.id());
        _setValue(dialog.name, name);
        _click(dialog.create);
        assertThat(_find(NewBackendDialog.class)).isEmpty();
        return _get(BackendEditor.class);
    }

    String tabTitle(BackendEditor editor) {
        Tab tab = _get(Tab.class, spec -> spec.withId("editor-tab-" + editor.id().replaceAll("[^A-Za-z0-9_-]", "-")));
        return _get(tab, Span.class, spec -> spec.withClasses("rp-tab-title")).getText();
    }

    /** Every text, attribute and property of every element in the window. */
    static List<String> everythingShown() {
        List<String> out = new ArrayList<>();
        collect(UI.getCurrent().getElement(), out);
        return out;
    }

    private static void collect(Element e, List<String> out) {
        out.add(e.getText());
        e.getAttributeNames().forEach(a -> out.add(e.getAttribute(a)));
        e.getPropertyNames().forEach(p -> {
            Serializable v = e.getPropertyRaw(p);
            out.add(String.valueOf(v));
        });
        e.getChildren().forEach(c -> collect(c, out));
    }

    @Test
    void a_backend_is_created_from_the_explorer_filled_in_with_listed_models_saved_with_ctrl_s_and_reopened_key_masked()
            throws Exception {
        BackendEditor editor = createFromExplorer(BackendType.OPENAI_COMPATIBLE, "local vLLM");
        assertThat(tabTitle(editor)).isEqualTo("local vLLM");
        assertThat(editor.baseUrl.getValue()).isEqualTo("http://localhost:8000/v1");

        _setValue(editor.baseUrl, server.root() + "/v1");
        _setValue(editor.key.key, KEY);
        _click(editor.model.list);
        eventually(() -> ComboBoxKt.getSuggestions(editor.model.combo).contains("served-model"), editor.model.status::getText);
        assertThat(editor.model.status.getText()).matches("2 models listed in \\d+ ms\\.");
        assertThat(ComboBoxKt.getSuggestions(editor.model.combo)).containsExactly("<b>bold</b>-model", "served-model");
        assertThat(server.seen().get(0).header("Authorization")).isEqualTo("Bearer " + KEY);

        ComboBoxKt.selectByLabel(editor.model.combo, "served-model");
        _setValue(editor.temperature, 0.3);
        _setValue(editor.maxTokens, 128);
        _setValue(editor.json, true);
        _setValue(editor.concurrency, 8);
        _setValue(editor.requestsPerMinute, 500);
        _setValue(editor.inputPrice, 0.5);
        _setValue(editor.outputPrice, 1.5);
        assertThat(editor.isDirty()).isTrue();
        assertThat(tabTitle(editor)).isEqualTo("*local vLLM");

        ShortcutsKt.fireShortcut(Key.KEY_S, Key.CONTROL);

        assertThat(editor.isDirty()).isFalse();
        assertThat(tabTitle(editor)).isEqualTo("local vLLM");
        BackendConfig stored = backends.list(project.getId()).get(0);
        BackendSettings s = stored.settings();
        assertThat(s.type()).isEqualTo(BackendType.OPENAI_COMPATIBLE);
        assertThat(s.baseUrl()).isEqualTo(server.root() + "/v1");
        assertThat(s.model()).isEqualTo("served-model");
        assertThat(s.sampling().temperature()).isEqualTo(0.3);
        assertThat(s.sampling().maxTokens()).isEqualTo(128);
        assertThat(s.sampling().json()).isTrue();
        assertThat(s.limits().concurrency()).isEqualTo(8);
        assertThat(s.limits().requestsPerMinute()).isEqualTo(500);
        assertThat(s.prices()).isEqualTo(new BackendSettings.Prices(0.5, 1.5));
        assertThat(secrets.get(stored.getSecretName())).contains(KEY);
        assertThat(editor.key.key.isVisible()).isFalse();
        assertThat(editor.key.key.getValue()).isEmpty();
        assertThat(editor.key.status.getText()).isEqualTo("Stored encrypted: \u2022\u2022\u2022\u2022WXYZ.");
        assertThat(editor.key.replace.isVisible()).isTrue();
        assertThat(everythingShown()).noneMatch(t -> t != null && (t.contains(KEY) || t.contains("0123456789")));

        Tab tab = _get(Tab.class, spec -> spec.withId("editor-tab-" + editor.id().replaceAll("[^A-Za-z0-9_-]", "-")));
        _click(_get(tab, Button.class));
        assertThat(_find(BackendEditor.class)).isEmpty();
        view.openEntry(explorer, project.getId(), BackendExplorer.entry(stored));
        BackendEditor reopened = _get(BackendEditor.class);
        assertThat(reopened).isNotSameAs(editor);
        assertThat(reopened.name.getValue()).isEqualTo("local vLLM");
        assertThat(reopened.type.getValue()).isEqualTo(BackendType.OPENAI_COMPATIBLE);
        assertThat(reopened.baseUrl.getValue()).isEqualTo(server.root() + "/v1");
        assertThat(reopened.model.value()).isEqualTo("served-model");
        assertThat(reopened.temperature.getValue()).isEqualTo(0.3);
        assertThat(reopened.maxTokens.getValue()).isEqualTo(128);
        assertThat(reopened.json.getValue()).isTrue();
        assertThat(reopened.concurrency.getValue()).isEqualTo(8);
        assertThat(reopened.inputPrice.getValue()).isEqualTo(0.5);
        assertThat(reopened.key.status.getText()).isEqualTo("Stored encrypted: \u2022\u2022\u2022\u2022WXYZ.");
        assertThat(reopened.isDirty()).isFalse();
        assertThat(everythingShown()).noneMatch(t -> t != null && t.contains(KEY));

        _click(reopened.key.replace);
        assertThat(reopened.key.key.isVisible()).isTrue();
        _click(reopened.key.forget);
        assertThat(secrets.names()).isEmpty();
        assertThat(backends.find(stored.getId()).orElseThrow().getSecretName()).isNull();
        assertThat(reopened.key.status.getText()).startsWith("No key: most local servers need none.");
        assertThat(reopened.key.forget.isVisible()).isFalse();
    }

    @Test
    void test_connection_runs_in_the_background_and_reports_the_answer_then_a_dead_port_as_text() throws Exception {
        BackendConfig c = backends.create(project.getId(), backends.defaults(BackendType.OPENAI_COMPATIBLE, "probe")
                .withConnection(server.root() + "/v1", "served-model", ""));
        view.openEntry(explorer, project.getId(), BackendExplorer.entry(c));
        BackendEditor editor = _get(BackendEditor.class);
        _setValue(editor.key.key, KEY);

        _click(editor.connection.test);
        assertThat(editor.connection.test.isEnabled()).isFalse();
        assertThat(editor.connection.result.getElement().getTextRecursively()).isEqualTo("Testing the connection...");
        eventually(() -> editor.connection.test.isEnabled(), () -> editor.connection.result.getElement().getTextRecursively());

        Span summary = _get(editor.connection.result, Span.class);
        assertThat(summary.getText()).matches("Connected: served-model answered in \\d+ ms: <i>OK</i>");
        assertThat(summary.getClassNames()).contains("rp-ok");
        assertThat(summary.getElement().getProperty("innerHTML")).isNull();
        assertThat(ComboBoxKt.getSuggestions(editor.model.combo)).contains("served-model", "<b>bold</b>-model");
        assertThat(console.lines()).anySatisfy(l -> assertThat(l.message()).startsWith("Backend probe: Connected: served-model"));

        int port = FakeProviderServer.deadPort();
        _setValue(editor.baseUrl, "http://127.0.0.1:" + port + "/v1");
        _click(editor.connection.test);
        eventually(() -> editor.connection.test.isEnabled() && !_find(editor.connection.result, Span.class).isEmpty()
                && _get(editor.connection.result, Span.class).getClassNames().contains("rp-error"),
                () -> editor.connection.result.getElement().getTextRecursively());
        assertThat(_get(editor.connection.result, Span.class).getText())
                .isEqualTo("Cannot connect to 127.0.0.1:" + port + " (connection refused): is the server running at http://127.0.0.1:"
                        + port + "/v1/models?");
        assertThat(console.lines()).anySatisfy(l -> assertThat(l.message()).contains("(connection refused)"));
        assertThat(editor.connection.result.getElement().getTextRecursively().split("connection refused", -1))
                .as("the refusal is shown once, not again as a detail line").hasSize(2);
        assertThat(editor.getContent().getChildren().skip(1).findFirst().orElseThrow().getChildren())
                .as("Save and Test connection (with its result) come right under the heading, above the long form")
                .containsExactly(editor.save, editor.connection);
        assertThat(console.lines()).allSatisfy(l -> assertThat(l.message()).doesNotContain(KEY));
        assertThat(editor.isDirty()).isTrue();
        assertThat(backends.find(c.getId()).orElseThrow().getSecretName()).isNull();
    }

    @Test
    void several_base_urls_one_per_line_save_a_fleet_whose_connection_test_asks_every_server() throws Exception {
        BackendEditor editor = createFromExplorer(BackendType.OPENAI_COMPATIBLE, "fleet");
        int dead = FakeProviderServer.deadPort();
        _setValue(editor.baseUrl, server.root() + "/v1\nftp://nowhere/v1");
        assertThat(editor.baseUrl.isInvalid()).isTrue();
        assertThat(editor.baseUrl.getErrorMessage()).startsWith("Base URL, server 2 (ftp://nowhere/v1):");
        _setValue(editor.baseUrl, server.root() + "/v1\nhttp://127.0.0.1:" + dead + "/v1");
        assertThat(editor.baseUrl.isInvalid()).isFalse();
        editor.model.set("served-model");
        ShortcutsKt.fireShortcut(Key.KEY_S, Key.CONTROL);
        assertThat(editor.isDirty()).isFalse();
        assertThat(backends.list(project.getId()).get(0).settings().baseUrls())
                .containsExactly(server.root() + "/v1", "http://127.0.0.1:" + dead + "/v1");

        _click(editor.connection.test);
        eventually(() -> editor.connection.test.isEnabled() && !_find(editor.connection.result, Span.class).isEmpty(),
                () -> editor.connection.result.getElement().getTextRecursively());
        assertThat(_get(editor.connection.result, Span.class).getText())
                .startsWith("1 of 2 servers answered; not http://127.0.0.1:" + dead + "/v1");
        assertThat(editor.connection.result.getElement().getTextRecursively()).contains(server.root() + "/v1: Connected: served-model");
    }

    @Test
    void fields_are_checked_as_typed_the_type_brings_its_defaults_and_the_key_variable_shows_only_whether_it_is_set() {
        BackendEditor editor = createFromExplorer(BackendType.OPENAI, "gpt");
        assertThat(editor.model.value()).isEqualTo("gpt-4o-mini");
        assertThat(editor.inputPrice.getValue()).isEqualTo(0.15);

        _setValue(editor.temperature, 5.0);
        assertThat(editor.temperature.isInvalid()).isTrue();
        assertThat(editor.temperature.getErrorMessage()).isEqualTo("Temperature: between 0 and 2, not 5.0.");
        ShortcutsKt.fireShortcut(Key.KEY_S, Key.CONTROL);
        assertThat(editor.isDirty()).isTrue();
        assertThat(backends.list(project.getId()).get(0).settings().sampling().temperature()).isEqualTo(0.0);
        _setValue(editor.temperature, 1.0);
        assertThat(editor.temperature.isInvalid()).isFalse();

        _setValue(editor.key.variable, "PATH");
        assertThat(editor.key.status.getText()).isEqualTo("PATH is set in the environment (value hidden).");
        assertThat(everythingShown()).noneMatch(t -> t != null && t.contains(System.getenv("PATH")));
        _setValue(editor.key.variable, "RP_TEST_SURELY_UNSET_VARIABLE");
        assertThat(editor.key.status.getText()).startsWith("RP_TEST_SURELY_UNSET_VARIABLE is not set");
        assertThat(editor.key.status.getClassNames()).contains("rp-error");
        _setValue(editor.key.variable, "sk-pasted-key");
        assertThat(editor.key.variable.isInvalid()).isTrue();
        assertThat(editor.key.variable.getErrorMessage()).doesNotContain("sk-pasted-key");
        _setValue(editor.key.variable, "");
        _setValue(editor.key.key, "sk-typed-before-the-type-changed");

        _setValue(editor.type, BackendType.OLLAMA);
        assertThat(editor.key.key.isEmpty()).isTrue();
        BackendSettings ollama = backends.defaults(BackendType.OLLAMA, "");
        assertThat(editor.baseUrl.getValue()).isEqualTo(ollama.baseUrl());
        assertThat(editor.model.value()).isEqualTo("llama3.2");
        assertThat(editor.inputPrice.getValue()).isNull();
        assertThat(editor.key.status.getText()).isEqualTo("Ollama's API takes no key.");
        assertThat(editor.key.key.isVisible()).isFalse();

        _setValue(editor.type, BackendType.EASE);
        assertThat(editor.lambda.isVisible()).isTrue();
        assertThat(editor.neighbours.isVisible()).isFalse();
        assertThat(editor.remote.isVisible()).isFalse();
        assertThat(editor.local.isVisible()).isTrue();
        _setValue(editor.lambda, 0.0);
        assertThat(editor.lambda.isInvalid()).isTrue();
        _setValue(editor.lambda, 250.0);
        ShortcutsKt.fireShortcut(Key.KEY_S, Key.CONTROL);
        assertThat(editor.isDirty()).isFalse();
        BackendConfig saved = backends.list(project.getId()).get(0);
        assertThat(saved.getType()).isEqualTo(BackendType.EASE);
        assertThat(saved.settings().local().lambda()).isEqualTo(250.0);
    }

    @Test
    void an_empty_required_field_is_not_red_until_save_is_pressed() {
        BackendEditor editor = createFromExplorer(BackendType.OPENAI_COMPATIBLE, "local");
        _setValue(editor.model.combo, null);
        assertThat(editor.model.combo.isInvalid()).as("nothing typed yet").isFalse();

        assertThat(editor.save()).as("a backend without a model is not saved").isFalse();

        assertThat(editor.model.combo.isInvalid()).as("after Save").isTrue();
        assertThat(editor.model.combo.getErrorMessage()).startsWith("Model:");
    }
}
