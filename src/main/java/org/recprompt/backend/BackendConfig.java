package org.recprompt.backend;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A backend configured in a project (table backend_config). It never holds a key: at most the
 * name of an environment variable and the name of an encrypted entry in the {@link SecretStore}.
 */
@Entity
@Table(name = "backend_config")
public class BackendConfig {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "project_id", nullable = false)
    private long projectId;
    @Column(nullable = false)
    private String name;
    @Column(name = "name_key", nullable = false)
    private String nameKey;
    @Column(name = "backend_type", nullable = false)
    private String type;
    @Column(name = "base_url")
    private String baseUrl;
    private String model;
    @Column(name = "api_key_env")
    private String apiKeyEnv;
    @Column(name = "secret_name")
    private String secretName;
    private Double temperature;
    @Column(name = "top_p")
    private Double topP;
    private Integer seed;
    @Column(name = "max_tokens")
    private Integer maxTokens;
    @Column(name = "json_output", nullable = false)
    private boolean json;
    @Column(nullable = false)
    private boolean logprobs;
    @Column(name = "top_logprobs", nullable = false)
    private int topLogprobs;
    @Column(nullable = false)
    private int concurrency;
    @Column(name = "requests_per_minute", nullable = false)
    private int requestsPerMinute;
    @Column(name = "tokens_per_minute", nullable = false)
    private long tokensPerMinute;
    @Column(name = "timeout_seconds", nullable = false)
    private int timeoutSeconds;
    @Column(nullable = false)
    private int retries;
    @Column(name = "input_price")
    private Double inputPrice;
    @Column(name = "output_price")
    private Double outputPrice;
    @Column(name = "replay_file")
    private String replayFile;
    private Integer neighbours;
    @Column(name = "ease_lambda")
    private Double lambda;
    @Column(name = "max_items")
    private Integer maxItems;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Counts the saves (JPA's optimistic lock, V9): an editor that read an older count is refused on save. */
    @jakarta.persistence.Version
    @Column(name = "row_version", nullable = false)
    private long rowVersion;

    /** The account that saved it last (V9); "" without a login. */
    @Column(name = "saved_by", nullable = false, length = 64)
    private String savedBy = "";

    protected BackendConfig() {
    }

    BackendConfig(long projectId, BackendSettings settings, Instant now) {
        this.projectId = projectId;
        this.createdAt = now;
        apply(settings, now);
    }

    /** Takes valid settings (checked by the service); blank text is stored as NULL. */
    void apply(BackendSettings s, Instant now) {
        rename(s.name(), now);
        this.type = s.type().id();
        this.baseUrl = blankToNull(s.baseUrl());
        this.model = blankToNull(s.model());
        this.apiKeyEnv = blankToNull(s.apiKeyEnv());
        BackendSettings.Sampling p = s.sampling();
        this.temperature = p.temperature();
        this.topP = p.topP();
        this.seed = p.seed();
        this.maxTokens = p.maxTokens();
        this.json = p.json();
        this.logprobs = p.logprobs();
        this.topLogprobs = orDefault(p.topLogprobs(), BackendSettings.Sampling.DEFAULTS.topLogprobs());
        BackendSettings.Limits l = s.limits();
        BackendSettings.Limits d = BackendSettings.Limits.DEFAULTS;
        this.concurrency = orDefault(l.concurrency(), d.concurrency());
        this.requestsPerMinute = orDefault(l.requestsPerMinute(), d.requestsPerMinute());
        this.tokensPerMinute = l.tokensPerMinute() == null ? d.tokensPerMinute() : l.tokensPerMinute();
        this.timeoutSeconds = orDefault(l.timeoutSeconds(), d.timeoutSeconds());
        this.retries = orDefault(l.retries(), d.retries());
        this.inputPrice = s.prices().inputPerMillion();
        this.outputPrice = s.prices().outputPerMillion();
        this.replayFile = blankToNull(s.local().replayFile());
        this.neighbours = s.local().neighbours();
        this.lambda = s.local().lambda();
        this.maxItems = s.local().maxItems();
    }

    void rename(String newName, Instant now) {
        this.name = BackendValidation.cleanName(newName);
        this.nameKey = name.toLowerCase(Locale.ROOT);
        this.updatedAt = now;
    }

    void setSecretName(String secret, Instant now) {
        this.secretName = secret;
        this.updatedAt = now;
    }

    /** The stored values as settings for the editor or a copy. */
    public BackendSettings settings() {
        return new BackendSettings(name, getType(), nullToBlank(baseUrl), nullToBlank(model), nullToBlank(apiKeyEnv),
                new BackendSettings.Sampling(temperature, topP, seed, maxTokens, json, logprobs, topLogprobs),
                new BackendSettings.Limits(concurrency, requestsPerMinute, tokensPerMinute, timeoutSeconds, retries),
                new BackendSettings.Prices(inputPrice, outputPrice),
                new BackendSettings.Local(nullToBlank(replayFile), neighbours, lambda, maxItems));
    }

    public Long getId() {
        return id;
    }

    public long getProjectId() {
        return projectId;
    }

    public String getName() {
        return name;
    }

    public BackendType getType() {
        return BackendType.byId(type)
                .orElseThrow(() -> new IllegalStateException("Backend " + name + " has an unknown type '" + type + "'."));
    }

    public String getModel() {
        return nullToBlank(model);
    }

    /** The name of this backend's encrypted key in the {@link SecretStore}, or null when none was entered. */
    public String getSecretName() {
        return secretName;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nullToBlank(String s) {
        return s == null ? "" : s;
    }

    private static int orDefault(Integer v, int d) {
        return v == null ? d : v;
    }

    /** How many times it was saved (the version check on save). */
    public long getRowVersion() {
        return rowVersion;
    }

    /** Who saved it last; "" when not known (no login). */
    public String getSavedBy() {
        return savedBy == null ? "" : savedBy;
    }

    void savedBy(String account) {
        this.savedBy = account == null ? "" : account;
    }
}
