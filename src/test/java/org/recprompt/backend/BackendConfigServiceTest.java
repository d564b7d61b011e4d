package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.recprompt.backend.BackendConfigException.Problem;
import org.recprompt.backend.BackendConfigService.KeyStatus;
import org.recprompt.backend.BackendSettings.Limits;
import org.recprompt.backend.BackendSettings.Local;
import org.recprompt.backend.BackendSettings.Prices;
import org.recprompt.backend.BackendSettings.Sampling;
import org.recprompt.base.ConsoleLog;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Backend settings per project: storage, validation naming fields, keys kept encrypted and out of the backend table. */
class BackendConfigServiceTest extends SpringTestBase {

    static final String KEY = "sk-test-service-0123456789-WXYZ";
    static final String UNSET = "RP_TEST_SURELY_UNSET_KEY";

    @Autowired
    BackendConfigService backends;
    @Autowired
    BackendConfigRepository repository;
    @Autowired
    ProjectService projects;
    @Autowired
    org.recprompt.workspace.security.ProjectAccess access;
    @Autowired
    SecretStore secrets;
    @Autowired
    ConsoleLog console;
    @Autowired
    JdbcTemplate jdbc;

    Project project;

    @BeforeEach
    void clean() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        jdbc.update("DELETE FROM secret");
        project = projects.create("Backends", "");
    }

    static BackendSettings openAi(String name) {
        return BackendSettings.defaults(BackendType.OPENAI, name, v -> null).withConnection("", "gpt-4o-mini", UNSET);
    }

    @Test
    void every_setting_is_stored_and_read_back_and_names_are_unique_per_project_regardless_of_case() {
        BackendSettings s = new BackendSettings("  GPT   mini ", BackendType.OPENAI_COMPATIBLE, "http://127.0.0.1:8000/v1",
                "qwen2.5-7b-instruct", "VLLM_KEY", new Sampling(0.7, 0.9, 7, 256, true, true, 5),
                new Limits(16, 600, 90_000L, 45, 3), new Prices(0.25, 1.5), new Local("", 50, 500.0, 2000));

        BackendConfig created = backends.create(project.getId(), s);

        BackendConfig read = backends.find(created.getId()).orElseThrow();
        assertThat(read.getName()).isEqualTo("GPT mini");
        assertThat(read.settings()).isEqualTo(s.withName("GPT mini"));
        assertThat(read.getSecretName()).isNull();

        BackendConfigException clash = catchThrowableOfType(BackendConfigException.class,
                () -> backends.create(project.getId(), openAi("gpt MINI")));
        assertThat(clash.problems()).extracting(Problem::field).containsExactly(BackendValidation.NAME);
        assertThat(clash.getMessage()).contains("already has a backend named GPT mini");

        Project other = projects.create("Other study", "");
        backends.create(other.getId(), openAi("gpt mini"));
        assertThat(backends.list(project.getId())).extracting(BackendConfig::getName).containsExactly("GPT mini");
        assertThat(backends.list(other.getId())).extracting(BackendConfig::getName).containsExactly("gpt mini");

        backends.create(project.getId(), openAi("second"));
        assertThatThrownBy(() -> backends.rename(created.getId(), "SECOND")).hasMessageContaining("already has a backend named second");
        assertThat(backends.rename(created.getId(), "renamed").getName()).isEqualTo("renamed");
    }

    @Test
    void invalid_settings_are_refused_with_one_problem_per_field_and_nothing_is_stored() {
        String pastedKey = "sk-proj-abc123-pasted";
        BackendSettings bad = new BackendSettings("ok", BackendType.OPENAI, "ftp://example.com/v1", "two words", pastedKey,
                new Sampling(3.0, 0.0, null, 0, false, false, 21), new Limits(0, -1, 0L, 0, 11),
                new Prices(-1.0, null), null);

        BackendConfigException e = catchThrowableOfType(BackendConfigException.class, () -> backends.create(project.getId(), bad));

        assertThat(e.problems()).extracting(Problem::field).containsExactly(BackendValidation.BASE_URL, BackendValidation.MODEL,
                BackendValidation.API_KEY_ENV, BackendValidation.TEMPERATURE, BackendValidation.TOP_P, BackendValidation.MAX_TOKENS,
                BackendValidation.TOP_LOGPROBS, BackendValidation.CONCURRENCY, BackendValidation.REQUESTS_PER_MINUTE,
                BackendValidation.TIMEOUT, BackendValidation.RETRIES, BackendValidation.INPUT_PRICE);
        assertThat(e.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).startsWith("Base URL:"))
                .anySatisfy(m -> assertThat(m).isEqualTo("Temperature: between 0 and 2, not 3.0."))
                .anySatisfy(m -> assertThat(m).isEqualTo("Retries: between 0 and 10, not 11."))
                .allSatisfy(m -> assertThat(m).doesNotContain(pastedKey));
        assertThat(e.getMessage()).doesNotContain(pastedKey);
        assertThat(backends.list(project.getId())).isEmpty();

        assertThat(BackendValidation.check(BackendSettings.defaults(BackendType.OPENAI_COMPATIBLE, "c", v -> null)
                .withConnection("", "m", "")))
                .extracting(Problem::field).containsExactly(BackendValidation.BASE_URL);
        assertThat(BackendValidation.check(BackendSettings.defaults(BackendType.OPENAI, "u", v -> null)
                .withConnection("https://user:pw@proxy.example/v1", "m", "")))
                .extracting(Problem::message).containsExactly("Base URL: must not contain a user name or password; enter the key in the key field.");
        assertThat(BackendValidation.check(BackendSettings.defaults(BackendType.REPLAY, "r", v -> null)))
                .extracting(Problem::field).containsExactly(BackendValidation.REPLAY_FILE);
        assertThat(BackendValidation.check(BackendSettings.defaults(BackendType.EASE, "e", v -> null)
                .withLocal(new Local("", null, 0.0, 0))))
                .extracting(Problem::field).containsExactly(BackendValidation.LAMBDA, BackendValidation.MAX_ITEMS);
        assertThat(BackendValidation.check(openAi("/bad"))).extracting(Problem::field).containsExactly(BackendValidation.NAME);
        BackendSettings noModel = BackendSettings.defaults(BackendType.OPENAI_COMPATIBLE, "no model yet", v -> null);
        BackendConfig fresh = backends.create(project.getId(), noModel);
        assertThat(fresh.getModel()).isEmpty();
        assertThatThrownBy(() -> backends.save(fresh.getId(), noModel, null))
                .isInstanceOfSatisfying(BackendConfigException.class, x -> assertThat(x.problems())
                        .extracting(Problem::field).containsExactly(BackendValidation.MODEL));
        assertThatThrownBy(() -> backends.save(backends.create(project.getId(), openAi("k")).getId(), openAi("k"), "two words"))
                .hasMessage("API key: a key has no spaces or line breaks and at most 4096 characters.");
    }

    @Test
    void a_typed_key_is_stored_encrypted_shown_masked_and_never_in_the_backend_table() {
        BackendConfig c = backends.create(project.getId(), openAi("keyed"));

        BackendConfig saved = backends.save(c.getId(), openAi("keyed"), "  " + KEY + " ");

        assertThat(saved.getSecretName()).startsWith(BackendConfigService.SECRET_PREFIX);
        assertThat(secrets.get(saved.getSecretName())).contains(KEY);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM backend_config");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values()).allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain(KEY)
                .doesNotContain("0123456789"));
        List<byte[]> ciphertexts = jdbc.query("SELECT ciphertext FROM secret", (rs, n) -> rs.getBytes(1));
        assertThat(ciphertexts).singleElement()
                .satisfies(b -> assertThat(new String(b, StandardCharsets.ISO_8859_1)).doesNotContain(KEY).doesNotContain("WXYZ"));
        assertThat(console.lines()).allSatisfy(l -> assertThat(l.message()).doesNotContain(KEY));

        KeyStatus status = backends.keyStatus(saved.settings(), saved.getSecretName());
        assertThat(status.source()).isEqualTo(KeyStatus.Source.STORED);
        assertThat(status.masked()).isEqualTo("\u2022\u2022\u2022\u2022WXYZ");
        assertThat(status.text()).contains("\u2022\u2022\u2022\u2022WXYZ").doesNotContain(KEY).doesNotContain("sk-test");
        assertThat(backends.resolveKey(saved.settings(), saved.getSecretName(), null).value()).isEqualTo(KEY);

        BackendConfig forgotten = backends.forgetKey(c.getId());
        assertThat(forgotten.getSecretName()).isNull();
        assertThat(secrets.names()).isEmpty();
        assertThat(backends.keyStatus(forgotten.settings(), null).source()).isEqualTo(KeyStatus.Source.MISSING);
    }

    @Test
    void stored_keys_go_with_their_backend_its_project_or_a_type_that_sends_none() {
        BackendConfig a = backends.save(backends.create(project.getId(), openAi("a")).getId(), openAi("a"), KEY);
        BackendConfig b = backends.save(backends.create(project.getId(), openAi("b")).getId(), openAi("b"), KEY + "b");
        Project other = projects.create("Kept", "");
        BackendConfig kept = backends.save(backends.create(other.getId(), openAi("k")).getId(), openAi("k"), KEY + "k");
        assertThat(secrets.names()).hasSize(3);

        backends.delete(a.getId());
        assertThat(secrets.names()).containsExactlyInAnyOrder(b.getSecretName(), kept.getSecretName());

        BackendSettings ollama = backends.defaults(BackendType.OLLAMA, "b");
        BackendConfig switched = backends.save(b.getId(), ollama, null);
        assertThat(switched.getSecretName()).isNull();
        assertThat(secrets.names()).containsExactly(kept.getSecretName());
        assertThatThrownBy(() -> backends.save(b.getId(), ollama, KEY)).hasMessageContaining("sends no key");

        backends.save(b.getId(), openAi("b"), KEY + "again");
        projects.delete(project.getId());
        assertThat(secrets.names()).containsExactly(kept.getSecretName());
    }

    @Test
    void the_key_comes_from_the_typed_field_then_the_stored_secret_then_the_named_variable_whose_value_is_never_shown() {
        BackendConfigService withEnv = new BackendConfigService(repository, secrets, console, Clock.systemUTC(), projects, access,
                Map.of("MY_OPENAI_KEY", "env-value-1234", "OLLAMA_BASE_URL", "http://gpu-box:11434")::get);
        BackendSettings s = openAi("env").withConnection("", "gpt-4o-mini", "MY_OPENAI_KEY");
        secrets.put("RP_BACKEND_KEY_TEST", KEY, BackendConfigService.binding(s));

        assertThat(withEnv.resolveKey(s, null, null)).isEqualTo(new BackendConfigService.ResolvedKey("MY_OPENAI_KEY", "env-value-1234"));
        assertThat(withEnv.resolveKey(s, "RP_BACKEND_KEY_TEST", null).value()).isEqualTo(KEY);
        assertThat(withEnv.resolveKey(s, "RP_BACKEND_KEY_TEST", "typed-key").value()).isEqualTo("typed-key");
        assertThat(withEnv.resolveKey(s, null, null).toString()).doesNotContain("env-value");

        KeyStatus fromEnv = withEnv.keyStatus(s, null);
        assertThat(fromEnv.source()).isEqualTo(KeyStatus.Source.ENVIRONMENT);
        assertThat(fromEnv.text()).isEqualTo("MY_OPENAI_KEY is set in the environment (value hidden).");
        assertThat(withEnv.keyStatus(s.withConnection("", "m", ""), null).text()).startsWith("OPENAI_API_KEY ");
        assertThat(withEnv.keyStatus(withEnv.defaults(BackendType.OLLAMA, "o"), null).source()).isEqualTo(KeyStatus.Source.NOT_NEEDED);
        assertThat(withEnv.defaults(BackendType.OLLAMA, "o").baseUrl()).isEqualTo("http://gpu-box:11434");
        assertThat(withEnv.keyStatus(withEnv.defaults(BackendType.OPENAI_COMPATIBLE, "c"), null).source())
                .isEqualTo(KeyStatus.Source.OPTIONAL);
    }

    @Test
    void defaults_follow_the_type_with_list_prices_for_known_models() {
        BackendSettings openai = backends.defaults(BackendType.OPENAI, "o");
        assertThat(openai.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
        assertThat(openai.prices()).isEqualTo(new Prices(0.15, 0.60));
        assertThat(backends.defaults(BackendType.ANTHROPIC, "a").apiKeyEnv()).isEqualTo("ANTHROPIC_API_KEY");
        assertThat(backends.defaults(BackendType.GEMINI, "g").prices()).isEqualTo(new Prices(0.10, 0.40));
        assertThat(backends.defaults(BackendType.OPENAI_COMPATIBLE, "c").prices()).isEqualTo(Prices.NONE);
        for (BackendType t : BackendType.values()) {
            if (t != BackendType.REPLAY && t != BackendType.OPENAI_COMPATIBLE) {
                assertThat(BackendValidation.check(backends.defaults(t, "d"))).as(t.id()).isEmpty();
            }
        }
    }
}
