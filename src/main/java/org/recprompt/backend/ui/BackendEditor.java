package org.recprompt.backend.ui;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigException;
import org.recprompt.backend.BackendConfigException.Problem;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendSettings;
import org.recprompt.backend.BackendType;
import org.recprompt.backend.BackendValidation;
import org.recprompt.backend.ConnectionTester;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.Notifications;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * A backend's tab: type, URL, model (listed from the server), key, parameters, limits and prices,
 * checked as they are typed; "Test connection" runs in the background and reports in the tab and
 * the console. Ctrl+S saves (a typed key is then stored encrypted). Whatever a server returns
 * (model names, answers, errors) is shown as text, never as markup.
 */
class BackendEditor extends Composite<Div> implements Editor {

    final TextField name = new TextField("Name");
    final Select<BackendType> type = new Select<>();
    final TextArea baseUrl = new TextArea("Base URL");
    final ModelField model;
    final ApiKeyPanel key;
    final NumberField temperature = new NumberField("Temperature");
    final NumberField topP = new NumberField("Top-p");
    final IntegerField seed = new IntegerField("Seed");
    final IntegerField maxTokens = new IntegerField("Max tokens");
    final Checkbox json = new Checkbox("JSON output");
    final Checkbox logprobs = new Checkbox("Log-probabilities (label scoring)");
    final IntegerField topLogprobs = new IntegerField("Top log-probabilities");
    final IntegerField concurrency = new IntegerField("Concurrency");
    final IntegerField requestsPerMinute = new IntegerField("Requests per minute (0: no limit)");
    final IntegerField tokensPerMinute = new IntegerField("Tokens per minute (0: no limit)");
    final IntegerField timeoutSeconds = new IntegerField("Timeout (seconds)");
    final IntegerField retries = new IntegerField("Retries");
    final NumberField inputPrice = new NumberField("Input price ($ per 1M tokens)");
    final NumberField outputPrice = new NumberField("Output price ($ per 1M tokens)");
    final Span priceNote = new Span();
    final TextField replayFile = new TextField("Replay file (JSONL)");
    final IntegerField neighbours = new IntegerField("Neighbours");
    final NumberField lambda = new NumberField("Lambda (L2 regularisation)");
    final IntegerField maxItems = new IntegerField("Max items");
    final Button save = new Button("Save");
    final ConnectionTestPanel connection;

    final Div remote = new Div();
    final Div local = new Div();
    private final Map<String, HasValidation> fields = new LinkedHashMap<>();
    private final BackendConfigService backends;
    private BackendConfig config;
    private BackendSettings saved;
    /** The backend's save count when this editor read it (the version check on save). */
    private long readVersion;
    /** Why this editor is read only (the caller's role), or null when it may save. */
    private String readOnly;
    private boolean loading;
    private Runnable onChange = () -> { };
    private Runnable unsubscribe = () -> { };

    BackendEditor(BackendConfigService backends, ConnectionTester tester, BackgroundJobs jobs, ConsoleLog console,
            BackendConfig config) {
        this.backends = backends;
        this.config = config;
        this.readVersion = config.getRowVersion();
        this.key = new ApiKeyPanel(this::changed, this::forgetKey);
        this.model = new ModelField(jobs, console, tester, this::probe, this::modelChanged);
        this.connection = new ConnectionTestPanel(jobs, console, tester, this::probe, model::offer);
        Div root = getContent();
        root.addClassNames("rp-editor", "rp-backend-editor");
        root.setId("backend-editor-" + config.getId());
        build();
        load(config.settings());
        addAttachListener(e -> {
            UI ui = e.getUI();
            unsubscribe = backends.addListener(() -> ui.access(this::externalChange));
            externalChange(); // renamed while the tab was hidden
        });
        addDetachListener(e -> unsubscribe.run());
    }

    private void build() {
        type.setLabel("Type");
        type.setItems(Arrays.asList(BackendType.values()));
        type.setItemLabelGenerator(BackendType::label);
        type.addValueChangeListener(e -> typeChanged(e.getOldValue(), e.getValue()));
        baseUrl.setPlaceholder("the provider's public endpoint");
        baseUrl.setHelperText("Several servers, one per line, make a fleet (OpenAI-compatible, Ollama): each call goes to the"
                + " one with the fewest in flight, a failing one is set aside");
        baseUrl.setMaxHeight("9em");
        for (var t : List.of(name, baseUrl, replayFile)) {
            t.setValueChangeMode(ValueChangeMode.EAGER);
            t.addValueChangeListener(e -> changed());
        }
        for (var n : List.of(temperature, topP, inputPrice, outputPrice, lambda)) {
            n.addValueChangeListener(e -> changed());
        }
        for (var n : List.of(seed, maxTokens, topLogprobs, concurrency, requestsPerMinute, tokensPerMinute,
                timeoutSeconds, retries, neighbours, maxItems)) {
            n.addValueChangeListener(e -> changed());
        }
        json.addValueChangeListener(e -> changed());
        logprobs.addValueChangeListener(e -> changed());
        temperature.setStep(0.1);
        temperature.setHelperText("0 to 2; blank for the provider's default");
        topP.setHelperText("above 0, at most 1; blank for the default");
        seed.setHelperText("sent where the provider supports it (not Anthropic)");
        maxTokens.setHelperText("blank for the default (Anthropic: 1024)");
        topLogprobs.setHelperText("alternatives per token when scoring labels, 1 to 20");
        priceNote.addClassName("rp-muted");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setTooltipText("Save (Ctrl+S)");
        save.addClickListener(e -> save());

        fields.putAll(Map.ofEntries(Map.entry(BackendValidation.NAME, name), Map.entry(BackendValidation.TYPE, type),
                Map.entry(BackendValidation.BASE_URL, baseUrl), Map.entry(BackendValidation.MODEL, model.combo),
                Map.entry(BackendValidation.API_KEY_ENV, key.variable), Map.entry(BackendValidation.API_KEY, key.key),
                Map.entry(BackendValidation.TEMPERATURE, temperature), Map.entry(BackendValidation.TOP_P, topP),
                Map.entry(BackendValidation.MAX_TOKENS, maxTokens), Map.entry(BackendValidation.TOP_LOGPROBS, topLogprobs),
                Map.entry(BackendValidation.CONCURRENCY, concurrency),
                Map.entry(BackendValidation.REQUESTS_PER_MINUTE, requestsPerMinute),
                Map.entry(BackendValidation.TOKENS_PER_MINUTE, tokensPerMinute),
                Map.entry(BackendValidation.TIMEOUT, timeoutSeconds), Map.entry(BackendValidation.RETRIES, retries),
                Map.entry(BackendValidation.INPUT_PRICE, inputPrice), Map.entry(BackendValidation.OUTPUT_PRICE, outputPrice),
                Map.entry(BackendValidation.REPLAY_FILE, replayFile), Map.entry(BackendValidation.NEIGHBOURS, neighbours),
                Map.entry(BackendValidation.LAMBDA, lambda), Map.entry(BackendValidation.MAX_ITEMS, maxItems)));

        remote.add(new H3("Connection"), form(baseUrl, model),
                new H3("API key"), key,
                new H3("Parameters"), form(temperature, topP, maxTokens, topLogprobs, json, logprobs),
                new H3("Limits"), form(concurrency, requestsPerMinute, tokensPerMinute, timeoutSeconds, retries),
                new H3("Prices"), form(inputPrice, outputPrice), priceNote);
        local.add(new H3("Options"), form(replayFile, neighbours, lambda, maxItems));
        // Save and Test connection at the top, the test's result beside its button: seen without scrolling the long form
        Div actions = new Div(save, connection);
        actions.addClassName("rp-backend-actions");
        getContent().add(new H2("Backend"), actions, form(name, type, seed), remote, local);
    }

    private static FormLayout form(Component... components) {
        FormLayout f = new FormLayout(components);
        f.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 2),
                new FormLayout.ResponsiveStep("52em", 3));
        return f;
    }

    private void load(BackendSettings s) {
        loading = true;
        try {
            saved = s;
            name.setValue(s.name());
            type.setValue(s.type());
            baseUrl.setValue(s.baseUrl());
            model.set(s.model());
            key.variable.setValue(s.apiKeyEnv());
            BackendSettings.Sampling p = s.sampling();
            temperature.setValue(p.temperature());
            topP.setValue(p.topP());
            seed.setValue(p.seed());
            maxTokens.setValue(p.maxTokens());
            json.setValue(p.json());
            logprobs.setValue(p.logprobs());
            topLogprobs.setValue(p.topLogprobs());
            BackendSettings.Limits l = s.limits();
            concurrency.setValue(l.concurrency());
            requestsPerMinute.setValue(l.requestsPerMinute());
            tokensPerMinute.setValue(l.tokensPerMinute() == null ? null : Math.toIntExact(l.tokensPerMinute()));
            timeoutSeconds.setValue(l.timeoutSeconds());
            retries.setValue(l.retries());
            inputPrice.setValue(s.prices().inputPerMillion());
            outputPrice.setValue(s.prices().outputPerMillion());
            replayFile.setValue(s.local().replayFile());
            neighbours.setValue(s.local().neighbours());
            lambda.setValue(s.local().lambda());
            maxItems.setValue(s.local().maxItems());
            key.reset();
        } finally {
            loading = false;
        }
        changed();
    }

    /** The form's values as settings (not yet checked). */
    BackendSettings current() {
        return new BackendSettings(name.getValue(), type.getValue(), baseUrl.getValue(), model.value(),
                key.variable.getValue(),
                new BackendSettings.Sampling(temperature.getValue(), topP.getValue(), seed.getValue(), maxTokens.getValue(),
                        json.getValue(), logprobs.getValue(), topLogprobs.getValue()),
                new BackendSettings.Limits(concurrency.getValue(), requestsPerMinute.getValue(),
                        tokensPerMinute.getValue() == null ? null : tokensPerMinute.getValue().longValue(),
                        timeoutSeconds.getValue(), retries.getValue()),
                new BackendSettings.Prices(inputPrice.getValue(), outputPrice.getValue()),
                new BackendSettings.Local(replayFile.getValue(), neighbours.getValue(), lambda.getValue(), maxItems.getValue()));
    }

    private void changed() {
        if (loading) {
            return;
        }
        BackendSettings s = current();
        BackendType t = s.type();
        remote.setVisible(t != null && t.isRemote());
        local.setVisible(t != null && !t.isRemote() && t != BackendType.RANDOM && t != BackendType.MOST_POPULAR
                && t != BackendType.SEMANTIC);
        seed.setVisible(t != null && (t.isRemote() || t == BackendType.RANDOM));
        replayFile.setVisible(t == BackendType.REPLAY);
        neighbours.setVisible(t == BackendType.ITEM_KNN);
        lambda.setVisible(t == BackendType.EASE);
        maxItems.setVisible(t == BackendType.EASE);
        key.show(backends.keyStatus(config.getProjectId(), s, config.getSecretName()));
        // an empty field is not an error until Save is pressed: a new backend opens without red fields
        showProblems(backends.problems(config.getProjectId(), config.getId(), s, key.key.getValue()).stream()
                .filter(p -> !blank(fields.get(p.field()))).toList());
        showPriceNote(s.model());
        save.setEnabled(readOnly == null && isDirty());
        onChange.run();
    }

    /** Whether the field holds nothing yet (a problem of an empty field waits for Save). */
    private static boolean blank(HasValidation field) {
        return field instanceof com.vaadin.flow.component.HasValue<?, ?> v && v.isEmpty();
    }

    private void showProblems(List<Problem> problems) {
        fields.values().forEach(f -> f.setInvalid(false));
        for (Problem p : problems) {
            HasValidation f = fields.get(p.field());
            if (f != null && !f.isInvalid()) {
                f.setErrorMessage(p.message());
                f.setInvalid(true);
            }
        }
    }

    private void typeChanged(BackendType old, BackendType now) {
        if (loading || old == null || now == null || old == now) {
            return;
        }
        BackendSettings before = backends.defaults(old, "");
        BackendSettings after = backends.defaults(now, "");
        if (baseUrl.getValue().isBlank() || baseUrl.getValue().strip().equals(before.baseUrl())) {
            baseUrl.setValue(after.baseUrl());
        }
        if (key.variable.getValue().isBlank() || key.variable.getValue().strip().equals(before.apiKeyEnv())) {
            key.variable.setValue(after.apiKeyEnv());
        }
        String m = model.value();
        model.forgetListed();
        model.set(m.isBlank() || m.equals(before.model()) ? after.model() : m);
        changed();
    }

    /** A new model takes its list price unless the prices were set by hand. */
    private void modelChanged(String old, String now) {
        if (loading) {
            return;
        }
        BackendSettings.Prices current = new BackendSettings.Prices(inputPrice.getValue(), outputPrice.getValue());
        if (current.equals(BackendSettings.Prices.NONE) || current.equals(BackendSettings.Prices.listPrice(old))) {
            BackendSettings.Prices list = BackendSettings.Prices.listPrice(now);
            inputPrice.setValue(list.inputPerMillion());
            outputPrice.setValue(list.outputPerMillion());
        }
        changed();
    }

    private void showPriceNote(String m) {
        BackendSettings.Prices list = BackendSettings.Prices.listPrice(m);
        priceNote.setText(list.equals(BackendSettings.Prices.NONE)
                ? "No list price is known for this model: enter the provider's prices to see costs (local models cost nothing)."
                : String.format(Locale.ROOT, "List price of %s: $%.3f in, $%.3f out per million tokens (check the provider's page).",
                        m.strip(), list.inputPerMillion(), list.outputPerMillion()));
    }

    private Probe probe() {
        return new Probe(config.getProjectId(), config.getName(), current(), config.getSecretName(), key.key.getValue());
    }

    /** Editors: everything but the stored key, which only owners store, replace or forget. */
    void keysReadOnly() {
        key.mayManage(false);
    }

    /** Viewers: nothing can be changed or tested (a test would spend the stored key); the notice says why. */
    void readOnly(Div notice) {
        readOnly = notice.getText();
        keysReadOnly();
        org.recprompt.workspace.security.ui.RoleNotice.readOnlyAll(getContent());
        getContent().addComponentAsFirst(notice);
    }

    private void forgetKey() {
        config = backends.forgetKey(config.getId());
        key.reset();
        changed();
        Notifications.info("The stored key of " + config.getName() + " is deleted.");
    }

    /** A change saved elsewhere (a rename from the explorer): take the new name unless the field was edited. */
    private void externalChange() {
        backends.find(config.getId()).ifPresent(fresh -> {
            String before = config.getName();
            config = fresh;
            if (!fresh.getName().equals(before)) {
                saved = saved.withName(fresh.getName());
                if (name.getValue().equals(before)) {
                    name.setValue(fresh.getName());
                }
                changed();
            }
        });
    }

    @Override
    public String id() {
        return "project:" + config.getProjectId() + "/backend:" + config.getId();
    }

    @Override
    public String title() {
        return config.getName();
    }

    @Override
    public Component content() {
        return this;
    }

    @Override
    public boolean isDirty() {
        return !current().equals(saved) || !key.key.isEmpty();
    }

    @Override
    public boolean save() {
        if (readOnly != null) {
            Notifications.error(readOnly);
            return false;
        }
        try {
            config = backends.save(config.getId(), current(), key.key.getValue(), readVersion);
            readVersion = config.getRowVersion();
            load(config.settings());
            Notifications.info("Saved backend " + config.getName());
            return true;
        } catch (BackendConfigException e) {
            showProblems(e.problems());
            Notifications.error(e.getMessage());
            return false;
        } catch (org.recprompt.base.StaleEditException e) {
            org.recprompt.base.ui.StaleEditDialog.open(e, this::reload, () -> {
                readVersion = backends.find(config.getId()).map(BackendConfig::getRowVersion).orElse(readVersion);
                save();
            });
            return false;
        } catch (org.recprompt.workspace.security.ProjectAccessException e) {
            Notifications.error(e.getMessage());
            return false;
        }
    }

    /** Shows the backend as saved now (after another session saved it), dropping this editor's changes. */
    void reload() {
        backends.find(config.getId()).ifPresent(fresh -> {
            config = fresh;
            readVersion = fresh.getRowVersion();
            key.reset();
            load(fresh.settings());
        });
    }

    @Override
    public void setChangeListener(Runnable listener) {
        this.onChange = listener;
    }
}
