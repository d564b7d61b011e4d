package org.recprompt.workspace.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.LoginRequiredTestBase;
import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendSettings;
import org.recprompt.backend.BackendType;
import org.recprompt.base.StaleEditException;
import org.recprompt.experiment.ExperimentService;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.recprompt.prompt.fewshot.FewShotService;
import org.recprompt.prompt.fewshot.FewShotSet;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Projects shared with roles (issue 23), through the services every screen and path uses: a
 * workbench with a login required, an owner, an editor, a viewer, an account that is no member and
 * an administrator; and the version check on save between two sessions.
 */
class ProjectRolesTest extends LoginRequiredTestBase {

    static final String TEMPLATE = TemplateService.STARTER.formatted("ranking");

    /** The template's text with one more line, as another save would write it. */
    static String edited(String line) {
        return TEMPLATE + line + "\n";
    }

    static String version(String text) {
        return org.recprompt.prompt.PromptTemplate.parse(text, "test").version();
    }

    @Autowired
    ServingMode mode;
    @Autowired
    AccountService accounts;
    @Autowired
    UserAccountRepository accountRows;
    @Autowired
    ProjectAccess access;
    @Autowired
    ProjectService projects;
    @Autowired
    TemplateService templates;
    @Autowired
    FewShotService fewShots;
    @Autowired
    ExperimentService experiments;
    @Autowired
    BackendConfigService backends;

    long projectId;

    static void signInAs(String name, String... roles) {
        TestingAuthenticationToken auth = new TestingAuthenticationToken(name, "", roles);
        auth.setAuthenticated(true);
        SecurityContextHolder.getContext().setAuthentication(auth);
    }

    static void admin() {
        signInAs("admin", "ROLE_ADMIN", "ROLE_USER");
    }

    @BeforeEach
    void members() {
        assertThat(mode.loginRequired()).isTrue();
        admin();
        for (String name : new String[] {"alice", "bob", "carol", "dave"}) {
            if (accountRows.findByUsername(name).isEmpty()) {
                accounts.add(name, "password-of-" + name, Role.USER);
            }
        }
        signInAs("alice", "ROLE_USER");
        projectId = projects.create("Shared study " + System.nanoTime(), "").getId();
        access.setMember(projectId, "bob", ProjectRole.VIEWER);
        access.setMember(projectId, "carol", ProjectRole.EDITOR);
    }

    @AfterEach
    void signOut() {
        admin();
        projects.delete(projectId);
        for (String name : new String[] {"alice", "bob", "carol", "dave"}) {
            accountRows.findByUsername(name).ifPresent(accountRows::delete);
        }
        SecurityContextHolder.clearContext();
    }

    @Test
    void the_creator_owns_the_project_and_only_members_and_administrators_see_it() {
        assertThat(access.role(projectId)).contains(ProjectRole.OWNER);
        assertThat(access.members(projectId)).extracting(ProjectMember::getUsername).containsExactly("alice", "bob", "carol");
        signInAs("dave", "ROLE_USER");
        assertThat(projects.list()).extracting(Project::getId).doesNotContain(projectId);
        assertThat(projects.findVisible(projectId)).isEmpty();
        assertThatThrownBy(() -> templates.create(projectId, TEMPLATE, "test"))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("not a member");
        signInAs("bob", "ROLE_USER");
        assertThat(projects.list()).extracting(Project::getId).contains(projectId);
        admin();
        assertThat(projects.list()).extracting(Project::getId).contains(projectId);
        assertThat(access.role(projectId)).contains(ProjectRole.OWNER);
    }

    @Test
    void a_viewer_reads_but_every_change_is_refused_with_a_sentence_naming_who_may() {
        signInAs("carol", "ROLE_USER");
        ProjectTemplate t = templates.create(projectId, TEMPLATE, "test");
        BackendConfig b = backends.create(projectId, openAi("llm"));
        signInAs("bob", "ROLE_USER");
        assertThat(templates.list(projectId)).hasSize(1);
        assertThat(templates.text(t)).contains("Rank these");
        assertThatThrownBy(() -> templates.save(t.getId(), edited("v2")))
                .isInstanceOf(ProjectAccessException.class)
                .hasMessageContaining("You are a viewer of project")
                .hasMessageContaining("only its editors and owners can change templates");
        assertThatThrownBy(() -> templates.delete(t.getId())).isInstanceOf(ProjectAccessException.class);
        assertThatThrownBy(() -> templates.create(projectId, TEMPLATE, "test")).isInstanceOf(ProjectAccessException.class);
        assertThatThrownBy(() -> fewShots.add(projectId, new FewShotSet("shots", "manual", 1, java.util.List.of())))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("few-shot sets");
        assertThatThrownBy(() -> experiments.create(projectId, "study", "name: study\n"))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("experiments");
        assertThatThrownBy(() -> experiments.start(projectId, null, null))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("start runs");
        assertThatThrownBy(() -> experiments.requireRunControl(projectId))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("stop or pause runs");
        assertThatThrownBy(() -> backends.create(projectId, openAi("other"))).isInstanceOf(ProjectAccessException.class);
        assertThatThrownBy(() -> backends.save(b.getId(), openAi("llm").withConnection("", "gpt-4o", UNSET), null))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("change backends");
        assertThatThrownBy(() -> backends.delete(b.getId())).isInstanceOf(ProjectAccessException.class);
        assertThatThrownBy(() -> projects.rename(projectId, "Mine now")).isInstanceOf(ProjectAccessException.class)
                .hasMessageContaining("only its owners");
        assertThatThrownBy(() -> projects.delete(projectId)).isInstanceOf(ProjectAccessException.class);
        assertThatThrownBy(() -> access.setMember(projectId, "dave", ProjectRole.OWNER))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("manage its members");
        // nothing changed
        assertThat(templates.find(t.getId()).orElseThrow().getCurrentVersion()).isEqualTo(version(TEMPLATE));
        assertThat(backends.list(projectId)).hasSize(1);
    }

    @Test
    void an_editor_changes_the_work_but_not_members_keys_or_the_project() throws Exception {
        signInAs("carol", "ROLE_USER");
        ProjectTemplate t = templates.create(projectId, TEMPLATE, "test");
        assertThat(templates.save(t.getId(), edited("v2")).getCurrentVersion()).isEqualTo(version(edited("v2")));
        assertThat(fewShots.add(projectId, new FewShotSet("shots", "manual", 1, java.util.List.of())).getName()).isEqualTo("shots");
        experiments.create(projectId, "study", "name: study\n");
        assertThat(experiments.experiments(projectId)).containsExactly("study");
        assertThatThrownBy(() -> experiments.start(projectId, null, null)).isNotInstanceOf(ProjectAccessException.class);
        experiments.requireRunControl(projectId);
        BackendConfig b = backends.create(projectId, openAi("llm"));
        b = backends.save(b.getId(), openAi("llm").withConnection("", "gpt-4o", UNSET), null);
        assertThat(b.getModel()).isEqualTo("gpt-4o");
        long id = b.getId();
        assertThatThrownBy(() -> backends.save(id, openAi("llm"), "sk-editor-typed-key-1234"))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("only its owners can store API keys");
        assertThatThrownBy(() -> access.setMember(projectId, "dave", ProjectRole.VIEWER)).isInstanceOf(ProjectAccessException.class);
        assertThatThrownBy(() -> projects.update(projectId, "Renamed", "x")).isInstanceOf(ProjectAccessException.class);

        // the owner stores a key: the owner sees its last four characters, the editor and the viewer do not
        signInAs("alice", "ROLE_USER");
        BackendConfig keyed = backends.save(id, openAi("llm"), "sk-owner-secret-WXYZ");
        BackendSettings s = keyed.settings();
        assertThat(backends.keyStatus(projectId, s, keyed.getSecretName()).text()).contains("WXYZ");
        for (String other : new String[] {"carol", "bob"}) {
            signInAs(other, "ROLE_USER");
            BackendConfigService.KeyStatus seen = backends.keyStatus(projectId, s, keyed.getSecretName());
            assertThat(seen.source()).isEqualTo(BackendConfigService.KeyStatus.Source.STORED);
            assertThat(seen.masked()).isEmpty();
            assertThat(seen.text()).doesNotContain("WXYZ").contains("only the project's owners");
        }
        signInAs("carol", "ROLE_USER");
        assertThatThrownBy(() -> backends.forgetKey(id)).isInstanceOf(ProjectAccessException.class);
        // a new base URL would delete the owner's key: refused for an editor
        assertThatThrownBy(() -> backends.save(id, openAi("llm").withConnection("http://127.0.0.1:9/v1", "gpt-4o-mini", UNSET), null))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("stored API key");
        // and the runs' key still resolves
        assertThat(backends.resolveKey(s, keyed.getSecretName(), null).value()).isEqualTo("sk-owner-secret-WXYZ");
    }

    @Test
    void owners_manage_members_and_the_last_owner_stays() {
        assertThatThrownBy(() -> access.removeMember(projectId, "alice"))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("last owner");
        assertThatThrownBy(() -> access.setMember(projectId, "alice", ProjectRole.EDITOR))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("last owner");
        assertThatThrownBy(() -> access.setMember(projectId, "nobody", ProjectRole.EDITOR))
                .isInstanceOf(ProjectAccessException.class).hasMessageContaining("no account named");
        access.setMember(projectId, "bob", ProjectRole.OWNER);
        access.removeMember(projectId, "alice");
        signInAs("bob", "ROLE_USER");
        assertThat(access.members(projectId)).extracting(ProjectMember::getUsername).containsExactly("bob", "carol");
        signInAs("alice", "ROLE_USER");
        assertThat(projects.list()).extracting(Project::getId).doesNotContain(projectId);
        // an account the administrator removes takes its memberships with it
        admin();
        accounts.remove("carol");
        assertThat(access.members(projectId)).extracting(ProjectMember::getUsername).containsExactly("bob");
    }

    @Test
    void two_sessions_saving_one_template_the_second_is_told_who_saved_and_overwrites_nothing() {
        signInAs("carol", "ROLE_USER");
        ProjectTemplate t = templates.create(projectId, TEMPLATE, "test");
        long opened = templates.find(t.getId()).orElseThrow().getRowVersion();
        // both opened the same version; alice saves first
        signInAs("alice", "ROLE_USER");
        templates.save(t.getId(), edited("alice"), opened);
        signInAs("carol", "ROLE_USER");
        assertThatThrownBy(() -> templates.save(t.getId(), edited("carol"), opened))
                .isInstanceOf(StaleEditException.class)
                .hasMessageContaining("Template ranking was changed by alice at")
                .satisfies(e -> assertThat(((StaleEditException) e).who()).isEqualTo("alice"));
        assertThat(templates.find(t.getId()).orElseThrow().getCurrentVersion()).isEqualTo(version(edited("alice")));
        // Overwrite: saving against the version now stored goes through
        long now = templates.find(t.getId()).orElseThrow().getRowVersion();
        assertThat(templates.save(t.getId(), edited("carol"), now).getCurrentVersion()).isEqualTo(version(edited("carol")));
    }

    @Test
    void stale_saves_of_few_shot_sets_backends_the_project_and_experiment_files_are_refused() throws Exception {
        var set = fewShots.add(projectId, new FewShotSet("shots", "manual", 1, java.util.List.of()));
        long setVersion = set.getRowVersion();
        String yaml = set.getContent();
        fewShots.save(set.getId(), yaml, setVersion);
        assertThatThrownBy(() -> fewShots.save(set.getId(), yaml, setVersion)).isInstanceOf(StaleEditException.class)
                .hasMessageContaining("Few-shot set shots was changed by alice");

        BackendConfig b = backends.create(projectId, openAi("llm"));
        long backendVersion = b.getRowVersion();
        backends.save(b.getId(), openAi("llm").withConnection("", "gpt-4o", UNSET), null, backendVersion);
        assertThatThrownBy(() -> backends.save(b.getId(), openAi("llm"), null, backendVersion))
                .isInstanceOf(StaleEditException.class).hasMessageContaining("Backend llm was changed by alice");
        assertThat(backends.find(b.getId()).orElseThrow().getModel()).isEqualTo("gpt-4o");

        long projectVersion = projects.find(projectId).orElseThrow().getRowVersion();
        String name = projects.find(projectId).orElseThrow().getName();
        projects.update(projectId, name, "first description", projectVersion);
        assertThatThrownBy(() -> projects.update(projectId, name, "second description", projectVersion))
                .isInstanceOf(StaleEditException.class);
        assertThat(projects.find(projectId).orElseThrow().getDescription()).isEqualTo("first description");

        // a file: saved by a session (who is known), then changed on disk by another process (when is known)
        experiments.create(projectId, "study", "name: study\n");
        String opened = experiments.stamp(projectId, "study");
        signInAs("carol", "ROLE_USER");
        String carols = experiments.save(projectId, "study", "name: study\n# carol\n", opened);
        signInAs("alice", "ROLE_USER");
        assertThatThrownBy(() -> experiments.save(projectId, "study", "name: study\n# alice\n", opened))
                .isInstanceOf(StaleEditException.class).hasMessageContaining("Experiment study was changed by carol at");
        Files.writeString(experiments.file(projectId, "study"), "name: study\n# another process\n");
        assertThatThrownBy(() -> experiments.save(projectId, "study", "name: study\n# carol again\n", carols))
                .isInstanceOf(StaleEditException.class).hasMessageContaining("Experiment study was changed at");
        assertThat(experiments.read(projectId, "study")).isEqualTo("name: study\n# another process\n");
    }

    static final String UNSET = "RECPROMPT_ROLES_TEST_UNSET_KEY";

    static BackendSettings openAi(String name) {
        return BackendSettings.defaults(BackendType.OPENAI, name, v -> null).withConnection("", "gpt-4o-mini", UNSET);
    }
}
