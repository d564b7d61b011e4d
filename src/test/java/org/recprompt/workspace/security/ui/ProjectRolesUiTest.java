package org.recprompt.workspace.security.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.LoginRequiredTestBase;
import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendSettings;
import org.recprompt.backend.BackendType;
import org.recprompt.base.ui.CodeEditor;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.security.AccountService;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectMember;
import org.recprompt.workspace.security.ProjectRole;
import org.recprompt.workspace.security.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.PasswordField;

/**
 * The screens of projects shared with roles (Karibu): the owner's Members dialog and its last-owner
 * refusal, a viewer's read-only template and backend editors (why, and no key characters), an
 * editor's backend editor without the key controls, and two sessions saving one template: the
 * second is asked Reload / Overwrite / Cancel and Reload shows the first one's text.
 */
class ProjectRolesUiTest extends LoginRequiredTestBase {

    static final String UNSET = "RECPROMPT_ROLES_UI_UNSET_KEY";

    @Autowired
    AccountService accounts;
    @Autowired
    ProjectAccess access;
    @Autowired
    ProjectService projects;
    @Autowired
    TemplateService templates;
    @Autowired
    BackendConfigService backends;
    @Autowired
    List<ExplorerContribution> contributions;

    long projectId;

    static void signInAs(String name, String... roles) {
        TestingAuthenticationToken auth = new TestingAuthenticationToken(name, "", roles);
        auth.setAuthenticated(true);
        SecurityContextHolder.getContext().setAuthentication(auth);
    }

    @BeforeEach
    void setUp() {
        MockVaadin.setup();
        signInAs("admin", "ROLE_ADMIN", "ROLE_USER");
        for (String name : new String[] {"alice", "bob", "carol", "dave"}) {
            if (accounts.list().stream().noneMatch(a -> a.getUsername().equals(name))) {
                accounts.add(name, "password-of-" + name, Role.USER);
            }
        }
        signInAs("alice", "ROLE_USER");
        projectId = projects.create("UI study " + System.nanoTime(), "").getId();
        access.setMember(projectId, "bob", ProjectRole.VIEWER);
        access.setMember(projectId, "carol", ProjectRole.EDITOR);
    }

    @AfterEach
    void tearDown() {
        signInAs("admin", "ROLE_ADMIN", "ROLE_USER");
        projects.delete(projectId);
        for (String name : new String[] {"alice", "bob", "carol", "dave"}) {
            accounts.remove(name);
        }
        SecurityContextHolder.clearContext();
        MockVaadin.tearDown();
    }

    @Test
    void the_owner_adds_and_changes_members_and_cannot_demote_the_last_owner() {
        MembersDialog dialog = new MembersDialog(access, projectId, "UI study");
        dialog.open();
        assertThat(dialog.account.getListDataView().getItems().toList()).contains("alice", "bob", "carol", "dave");
        dialog.change("alice", ProjectRole.VIEWER);
        assertThat(dialog.problem.getText()).contains("'alice' is the project's last owner");
        dialog.change("dave", ProjectRole.EDITOR);
        assertThat(dialog.problem.getText()).isEmpty();
        assertThat(dialog.grid.getListDataView().getItems().map(m -> m.getUsername() + ":" + m.getRole().label()).toList())
                .containsExactly("alice:owner", "bob:viewer", "carol:editor", "dave:editor");
        dialog.change("", ProjectRole.EDITOR);
        assertThat(dialog.problem.getText()).isEqualTo("Choose an account.");
    }

    @Test
    void a_viewer_gets_read_only_editors_that_say_why_and_never_a_keys_last_characters() {
        signInAs("carol", "ROLE_USER");
        ProjectTemplate t = templates.create(projectId, TemplateService.STARTER.formatted("ranking"), "test");
        BackendConfig b = backends.create(projectId, openAi());
        signInAs("alice", "ROLE_USER");
        BackendConfig keyed = backends.save(b.getId(), openAi(), "sk-owner-secret-WXYZ");

        signInAs("bob", "ROLE_USER");
        Editor template = open("Prompt templates", String.valueOf(t.getId()));
        assertThat(text(template.content(), "role-notice")).contains("Read only: you are a viewer of this project")
                .contains("only its editors and owners can change templates");
        codeEditor(template).setValue(TemplateService.STARTER.formatted("ranking") + "changed\n");
        assertThat(template.save()).isFalse();
        assertThat(templates.find(t.getId()).orElseThrow().getRowVersion()).isEqualTo(t.getRowVersion());

        Editor backend = open("Backends", String.valueOf(keyed.getId()));
        assertThat(text(backend.content(), "role-notice")).contains("viewer");
        assertThat(text(backend.content(), "backend-key-status")).contains("A key is stored encrypted").doesNotContain("WXYZ");
        assertThat(all(backend.content(), Button.class).filter(Button::isVisible).noneMatch(Button::isEnabled))
                .as("a viewer can neither save nor test the connection").isTrue();

        // the editor: settings yes, key controls no (and no last characters either)
        signInAs("carol", "ROLE_USER");
        Editor editorsBackend = open("Backends", String.valueOf(keyed.getId()));
        assertThat(find(editorsBackend.content(), Div.class, "role-notice")).isEmpty();
        assertThat(text(editorsBackend.content(), "backend-key-status")).doesNotContain("WXYZ");
        assertThat(all(editorsBackend.content(), Button.class).filter(x -> x.getText().equals("Forget key") || x.getText().equals("Replace key"))
                .noneMatch(Button::isVisible)).isTrue();
        assertThat(all(editorsBackend.content(), PasswordField.class).noneMatch(PasswordField::isVisible)).isTrue();

        // the owner sees the masked key and may forget it
        signInAs("alice", "ROLE_USER");
        Editor ownersBackend = open("Backends", String.valueOf(keyed.getId()));
        assertThat(text(ownersBackend.content(), "backend-key-status")).contains("WXYZ");
        assertThat(all(ownersBackend.content(), Button.class).filter(x -> x.getText().equals("Forget key")).anyMatch(Button::isVisible)).isTrue();
    }

    @Test
    void two_sessions_save_one_template_the_second_is_asked_and_reload_shows_the_first_ones_text() {
        signInAs("carol", "ROLE_USER");
        String starter = TemplateService.STARTER.formatted("ranking");
        ProjectTemplate t = templates.create(projectId, starter, "test");
        Editor carols = open("Prompt templates", String.valueOf(t.getId()));
        signInAs("alice", "ROLE_USER");
        Editor alices = open("Prompt templates", String.valueOf(t.getId()));

        codeEditor(alices).setValue(starter + "alice's line\n");
        assertThat(alices.save()).isTrue();

        signInAs("carol", "ROLE_USER");
        codeEditor(carols).setValue(starter + "carol's line\n");
        assertThat(carols.save()).isFalse();
        ConfirmDialog ask = com.github.mvysny.kaributesting.v10.LocatorJ._get(ConfirmDialog.class, spec -> spec.withId("stale-edit"));
        assertThat(ask.getElement().getProperty("message")).contains("Template ranking was changed by alice at")
                .contains("Reload").contains("Overwrite");
        assertThat(templates.text(templates.find(t.getId()).orElseThrow())).isEqualTo(starter + "alice's line\n");
        ComponentUtil.fireEvent(ask, new ConfirmDialog.RejectEvent(ask, false)); // Reload
        assertThat(codeEditor(carols).getValue()).isEqualTo(starter + "alice's line\n");
        assertThat(carols.isDirty()).isFalse();

        // after a reload, carol's next save is against the version she now has
        codeEditor(carols).setValue(starter + "carol's line\n");
        assertThat(carols.save()).isTrue();
        assertThat(templates.find(t.getId()).orElseThrow().getSavedBy()).isEqualTo("carol");
    }

    private Editor open(String folder, String key) {
        ExplorerContribution c = contributions.stream().filter(x -> x.folder().equals(folder)).findFirst().orElseThrow();
        Editor e = c.open(projectId, c.entries(projectId).stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow());
        UI.getCurrent().add(e.content());
        return e;
    }

    static BackendSettings openAi() {
        return BackendSettings.defaults(BackendType.OPENAI, "llm", v -> null).withConnection("", "gpt-4o-mini", UNSET);
    }

    static CodeEditor codeEditor(Editor e) {
        return all(e.content(), CodeEditor.class).findFirst().orElseThrow();
    }

    static <T extends Component> Stream<T> all(Component root, Class<T> type) {
        Stream<T> self = type.isInstance(root) ? Stream.of(type.cast(root)) : Stream.empty();
        return Stream.concat(self, root.getChildren().flatMap(c -> all(c, type)));
    }

    static <T extends Component> Optional<T> find(Component root, Class<T> type, String id) {
        return all(root, type).filter(c -> id.equals(c.getId().orElse(null))).findFirst();
    }

    static String text(Component root, String id) {
        return all(root, Component.class).filter(c -> id.equals(c.getId().orElse(null))).findFirst()
                .map(c -> c instanceof Span s ? s.getText() : c.getElement().getText()).orElseThrow();
    }
}
