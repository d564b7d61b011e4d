package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.recprompt.backend.BackendConfigService.KeyStatus;
import org.recprompt.backend.BackendSettings.Limits;
import org.recprompt.backend.BackendSettings.Prices;
import org.recprompt.backend.BackendSettings.Sampling;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A stored key goes only where it was stored for: the sequence (paste a key, save, change
 * the base URL to another server, Test connection) ends with no request carrying the key.
 */
class StoredKeyBindingTest extends SpringTestBase {

    static final String KEY = "sk-bound-key-0123456789-QRST";

    @Autowired
    BackendConfigService backends;
    @Autowired
    BackendFactory factory;
    @Autowired
    ConnectionTester tester;
    @Autowired
    ProjectService projects;
    @Autowired
    SecretStore secrets;
    @Autowired
    JdbcTemplate jdbc;

    Project project;
    FakeProviderServer home;
    FakeProviderServer attacker;

    @BeforeEach
    void start() throws Exception {
        projects.list().forEach(p -> projects.delete(p.getId()));
        jdbc.update("DELETE FROM secret");
        project = projects.create("Bound keys", "");
        home = serving(new FakeProviderServer());
        attacker = serving(new FakeProviderServer());
    }

    @AfterEach
    void stop() {
        home.close();
        attacker.close();
    }

    static FakeProviderServer serving(FakeProviderServer s) {
        return s.on("/v1/models", 200, "{\"data\":[{\"id\":\"m\"}]}")
                .on("/v1/chat/completions", 200, FakeProviderServer.openAiAnswer("{\"ok\": true}"));
    }

    static BackendSettings at(String url) {
        return new BackendSettings("llm", BackendType.OPENAI_COMPATIBLE, url, "m", "",
                new Sampling(0.0, null, null, 16, false, false, 20), new Limits(1, 0, 0L, 5, 0), Prices.NONE, null);
    }

    static void noRequestCarries(FakeProviderServer server, String key) {
        for (FakeProviderServer.Seen seen : server.seen()) {
            assertThat(seen.pathAndQuery()).doesNotContain(key);
            assertThat(seen.body()).doesNotContain(key);
            seen.headers().values().forEach(values -> assertThat(String.join(",", values)).doesNotContain(key));
        }
    }

    @Test
    void the_exfiltration_sequence_sends_no_request_to_the_new_server_and_says_why() {
        BackendConfig c = backends.create(project.getId(), at(home.root() + "/v1"));
        c = backends.save(c.getId(), c.settings(), KEY);
        ConnectionTester.Report ok = tester.test(project.getId(), c.getName(), c.settings(), c.getSecretName(), null);
        assertThat(ok.ok()).as(ok.summary()).isTrue();
        assertThat(home.seen()).isNotEmpty().allSatisfy(s -> assertThat(s.header("Authorization")).isEqualTo("Bearer " + KEY));

        // the editor's unsaved settings: the base URL now names another server
        BackendSettings moved = at(attacker.root() + "/v1");
        ConnectionTester.Report refused = tester.test(project.getId(), c.getName(), moved, c.getSecretName(), null);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.summary()).contains("was stored for " + home.root() + "/v1")
                .contains("nothing was sent").doesNotContain(KEY);
        assertThat(tester.listModels(project.getId(), moved, c.getSecretName(), null).message()).contains("not sent there");
        assertThat(attacker.seen()).isEmpty();
        KeyStatus status = backends.keyStatus(moved, c.getSecretName());
        assertThat(status.source()).isEqualTo(KeyStatus.Source.MISSING);
        assertThat(status.text()).contains("enter the key again").doesNotContain(KEY);

        // saved with the new URL: the stored key is deleted, and a test sends no key there
        BackendConfig saved = backends.save(c.getId(), moved, null);
        assertThat(saved.getSecretName()).isNull();
        assertThat(secrets.names()).isEmpty();
        tester.test(project.getId(), saved.getName(), saved.settings(), saved.getSecretName(), null);
        noRequestCarries(attacker, KEY);
    }

    @Test
    void a_changed_type_or_a_stored_row_edited_behind_the_service_sends_no_key_at_use() {
        BackendConfig c = backends.create(project.getId(), at(home.root() + "/v1"));
        c = backends.save(c.getId(), c.settings(), KEY);
        String secret = c.getSecretName();

        // the row's URL changed without the service (an edited database): the sealed binding still holds
        jdbc.update("UPDATE backend_config SET base_url = ? WHERE id = ?", attacker.root() + "/v1", c.getId());
        BackendConfig edited = backends.find(c.getId()).orElseThrow();
        assertThat(backends.resolveKey(edited.settings(), secret, null).value()).isNull();
        assertThatThrownBy(() -> factory.build(edited, Sleeper.REAL, 1)).hasMessageContaining("not sent there")
                .hasMessageNotContaining(KEY);
        assertThat(attacker.seen()).isEmpty();

        // another type at the same address is another binding too
        BackendSettings asOpenAi = new BackendSettings("llm", BackendType.OPENAI, home.root() + "/v1", "m", "",
                at("").sampling(), at("").limits(), Prices.NONE, null);
        assertThat(backends.resolveKey(asOpenAi, secret, null).refusal()).contains("openai-compatible");

        // trailing slashes and the host's case are the same address
        assertThat(backends.resolveKey(at(home.root().toUpperCase().replace("HTTP://", "http://") + "/v1/"), secret, null).value())
                .isEqualTo(KEY);
    }

    @Test
    void a_key_typed_with_the_new_url_is_stored_for_it_and_an_unbound_legacy_key_binds_to_its_backend() {
        BackendConfig c = backends.create(project.getId(), at(home.root() + "/v1"));
        c = backends.save(c.getId(), at(attacker.root() + "/v1"), KEY + "new");
        assertThat(backends.resolveKey(at(attacker.root() + "/v1"), c.getSecretName(), null).value()).isEqualTo(KEY + "new");
        assertThat(backends.resolveKey(at(home.root() + "/v1"), c.getSecretName(), null).value()).isNull();

        // a key stored before keys were bound: bound to the backend holding it
        secrets.put(c.getSecretName(), KEY);
        assertThat(backends.resolveKey(at(attacker.root() + "/v1"), c.getSecretName(), null).value()).isEqualTo(KEY);
        assertThat(backends.resolveKey(at(home.root() + "/v1"), c.getSecretName(), null).value()).isNull();
        backends.save(c.getId(), c.settings(), null);
        assertThat(secrets.read(c.getSecretName()).orElseThrow().binding()).isEqualTo(BackendConfigService.binding(c.settings()));
        // an experiment naming the stored secret gets nothing
        assertThat(secrets.keyLookup().apply(c.getSecretName())).isNull();
    }

    @Test
    void an_api_key_variable_must_look_like_a_key_and_an_unset_one_is_named_before_any_request() {
        BackendSettings home = at(this.home.root() + "/v1");
        BackendSettings path = home.withConnection(home.baseUrl(), "m", "PATH");
        assertThat(BackendValidation.check(path)).extracting(BackendConfigException.Problem::field)
                .containsExactly(BackendValidation.API_KEY_ENV);
        assertThat(BackendValidation.check(path).get(0).message()).contains("_KEY").contains(KeyVariables.LIST_VARIABLE);
        assertThat(KeyVariables.allowed("PATH", "PATH, OTHER")).isTrue();
        assertThat(KeyVariables.allowed("MY_API_KEY", null)).isTrue();
        assertThat(KeyVariables.allowed("HF_TOKEN", null)).isTrue();
        assertThat(KeyVariables.allowed("HOME", "")).isFalse();
        assertThat(KeyVariables.allowed("KEYRING", null)).isFalse();

        BackendSettings unset = home.withConnection(home.baseUrl(), "m", "RP_SURELY_UNSET_KEY");
        ConnectionTester.Report r = tester.test(project.getId(), "llm", unset, null, null);
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).contains("RP_SURELY_UNSET_KEY is not set").contains("nothing was sent");
        assertThat(this.home.seen()).isEmpty();
    }

    @Test
    void a_backend_saved_before_the_rule_with_a_variable_that_is_no_key_sends_nothing() {
        BackendConfig c = backends.create(project.getId(), at(home.root() + "/v1"));
        // written as an older version would have saved it (the editor refuses HOME now)
        jdbc.update("UPDATE backend_config SET api_key_env = 'HOME' WHERE id = ?", c.getId());
        BackendConfig legacy = backends.find(c.getId()).orElseThrow();
        assertThat(backends.resolveKey(legacy.settings(), null, null).value()).isNull();
        assertThat(backends.resolveKey(legacy.settings(), null, null).refusal()).contains("_KEY");
        assertThatThrownBy(() -> factory.build(legacy, Sleeper.REAL, 1)).hasMessageContaining("apiKeyEnv");
        assertThat(home.seen()).isEmpty();
    }

    @Test
    void a_url_that_may_carry_a_key_is_refused_and_quoted_only_redacted() {
        assertThat(BackendValidation.urlProblem("http://127.0.0.1:1/v1?key=sk-abc", true)).isPresent();
        assertThat(UrlSecrets.mayCarryKey("http://u:sk-abc@host/v1")).isTrue();
        assertThat(UrlSecrets.mayCarryKey("http://host/v1")).isFalse();
        assertThat(UrlSecrets.redact("https://u:sk-abc@host/v1?api_key=sk-abc#x")).isEqualTo("https://(hidden)@host/v1?(hidden)");
        assertThat(List.of(UrlSecrets.redact("ftp://host/p?token=sk-abc"))).allSatisfy(u -> assertThat(u).doesNotContain("sk-abc"));
    }
}
