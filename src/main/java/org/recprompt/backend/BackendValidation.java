package org.recprompt.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.recprompt.backend.BackendConfigException.Problem;

/**
 * The rules a backend's settings follow, each problem naming its field. Shared by the service
 * (which refuses to store invalid settings) and the editor (which marks fields as they are typed).
 * Messages never repeat what was typed into the key variable's field: it may be a pasted key.
 */
public final class BackendValidation {

    public static final String NAME = "name";
    public static final String TYPE = "type";
    public static final String BASE_URL = "baseUrl";
    public static final String MODEL = "model";
    public static final String API_KEY_ENV = "apiKeyEnv";
    public static final String API_KEY = "apiKey";
    public static final String TEMPERATURE = "temperature";
    public static final String TOP_P = "topP";
    public static final String MAX_TOKENS = "maxTokens";
    public static final String TOP_LOGPROBS = "topLogprobs";
    public static final String CONCURRENCY = "concurrency";
    public static final String REQUESTS_PER_MINUTE = "requestsPerMinute";
    public static final String TOKENS_PER_MINUTE = "tokensPerMinute";
    public static final String TIMEOUT = "timeoutSeconds";
    public static final String RETRIES = "retries";
    public static final String INPUT_PRICE = "inputPrice";
    public static final String OUTPUT_PRICE = "outputPrice";
    public static final String REPLAY_FILE = "replayFile";
    public static final String NEIGHBOURS = "neighbours";
    public static final String LAMBDA = "lambda";
    public static final String MAX_ITEMS = "maxItems";

    public static final int MAX_NAME = 80;
    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

    private BackendValidation() {
    }

    /** The name as stored: surrounding white space removed, inner runs folded to one space. */
    public static String cleanName(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ");
    }

    /** What is wrong with the name on its own (not counting duplicates), if anything. */
    public static Optional<String> nameProblem(String name) {
        String clean = cleanName(name);
        if (clean.isEmpty()) {
            return Optional.of("Name: a backend needs a name.");
        }
        if (clean.length() > MAX_NAME) {
            return Optional.of("Name: at most " + MAX_NAME + " characters (this one has " + clean.length() + ").");
        }
        if (clean.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
            return Optional.of("Name: no slashes or control characters.");
        }
        return Optional.empty();
    }

    /** Every problem of the settings, in the order of the editor's fields; empty when they can be stored. */
    public static List<Problem> check(BackendSettings s) {
        List<Problem> out = new ArrayList<>();
        nameProblem(s.name()).ifPresent(m -> out.add(new Problem(NAME, m)));
        if (s.type() == null) {
            out.add(new Problem(TYPE, "Type: choose what kind of backend this is."));
            return out;
        }
        if (s.type().isRemote()) {
            checkRemote(s, out);
        } else {
            checkLocal(s, out);
        }
        return out;
    }

    private static void checkRemote(BackendSettings s, List<Problem> out) {
        if (s.isFleet()) {
            fleetProblem(s).ifPresent(m -> out.add(new Problem(BASE_URL, m)));
        } else {
            urlProblem(s.baseUrl(), s.type() == BackendType.OPENAI_COMPATIBLE).ifPresent(m -> out.add(new Problem(BASE_URL, m)));
        }
        String model = s.model().strip();
        if (model.isEmpty()) {
            out.add(new Problem(MODEL, "Model: enter the model's name or pick one from the listed models."));
        } else if (model.length() > 200 || model.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            out.add(new Problem(MODEL, "Model: a name without spaces, at most 200 characters."));
        }
        String variable = s.apiKeyEnv().strip();
        if (!variable.isEmpty() && !VARIABLE.matcher(variable).matches()) {
            out.add(new Problem(API_KEY_ENV, "API key variable: the name of an environment variable such as "
                    + "OPENAI_API_KEY (letters, digits and _), not the key itself; enter a key in the key field."));
        } else if (!variable.isEmpty() && !KeyVariables.allowed(variable)) {
            out.add(new Problem(API_KEY_ENV, "API key variable: " + KeyVariables.rule() + "."));
        }
        BackendSettings.Sampling p = s.sampling();
        range(out, TEMPERATURE, "Temperature", p.temperature(), 0, 2, false);
        if (p.topP() != null && (p.topP() <= 0 || p.topP() > 1)) {
            out.add(new Problem(TOP_P, "Top-p: more than 0 and at most 1, not " + p.topP() + "."));
        }
        range(out, MAX_TOKENS, "Max tokens", p.maxTokens(), 1, 1_000_000, false);
        range(out, TOP_LOGPROBS, "Top log-probabilities", p.topLogprobs(), 1, 20, true);
        BackendSettings.Limits l = s.limits();
        range(out, CONCURRENCY, "Concurrency", l.concurrency(), 1, 256, true);
        range(out, REQUESTS_PER_MINUTE, "Requests per minute", l.requestsPerMinute(), 0, 1_000_000, true);
        range(out, TOKENS_PER_MINUTE, "Tokens per minute", l.tokensPerMinute(), 0, 2_000_000_000L, true);
        range(out, TIMEOUT, "Timeout (seconds)", l.timeoutSeconds(), 1, 3600, true);
        range(out, RETRIES, "Retries", l.retries(), 0, 10, true);
        range(out, INPUT_PRICE, "Input price", s.prices().inputPerMillion(), 0, 10_000, false);
        range(out, OUTPUT_PRICE, "Output price", s.prices().outputPerMillion(), 0, 10_000, false);
    }

    private static void checkLocal(BackendSettings s, List<Problem> out) {
        BackendSettings.Local local = s.local();
        switch (s.type()) {
            case REPLAY -> replayProblem(local.replayFile()).ifPresent(m -> out.add(new Problem(REPLAY_FILE, m)));
            case ITEM_KNN -> range(out, NEIGHBOURS, "Neighbours", local.neighbours(), 1, 100_000, true);
            case EASE -> {
                if (local.lambda() == null || !(local.lambda() > 0) || local.lambda().isInfinite()) {
                    out.add(new Problem(LAMBDA, "Lambda: EASE needs a regularisation above 0, for example 500."));
                }
                range(out, MAX_ITEMS, "Max items", local.maxItems(), 1, 20_000, true);
            }
            default -> { }
        }
    }

    /** What is wrong with a base URL; blank is allowed (the provider's public endpoint) unless required. */
    /** The most servers one saved backend's fleet may name. */
    public static final int MAX_FLEET = 64;
    /** The stored column's width (backend_config.base_url, V13). */
    public static final int MAX_URLS_LENGTH = 4000;

    /**
     * Several base URLs (an inference fleet): only OpenAI-compatible servers and Ollama take one, each
     * URL as a single base URL must be, none twice (trailing slashes and letter case aside).
     */
    static Optional<String> fleetProblem(BackendSettings s) {
        BackendType t = s.type();
        if (t != BackendType.OPENAI && t != BackendType.OPENAI_COMPATIBLE && t != BackendType.OLLAMA) {
            return Optional.of("Base URL: several servers (a fleet) apply to OpenAI, OpenAI-compatible and Ollama backends;"
                    + " " + t.label() + " takes one URL.");
        }
        List<String> urls = s.baseUrls();
        if (s.baseUrl().strip().length() > MAX_URLS_LENGTH) {
            return Optional.of("Base URL: at most " + MAX_URLS_LENGTH + " characters for all servers together.");
        }
        if (urls.size() > MAX_FLEET) {
            return Optional.of("Base URL: at most " + MAX_FLEET + " servers in one fleet, not " + urls.size() + ".");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < urls.size(); i++) {
            Optional<String> one = urlProblem(urls.get(i), true);
            if (one.isPresent()) {
                return Optional.of("Base URL, server " + (i + 1) + " (" + UrlSecrets.redact(urls.get(i)) + "): "
                        + one.get().substring("Base URL: ".length()));
            }
            if (!seen.add(urls.get(i).replaceAll("/+$", "").toLowerCase(java.util.Locale.ROOT))) {
                return Optional.of("Base URL: " + urls.get(i) + " is named twice; each server once.");
            }
        }
        return Optional.empty();
    }

    public static Optional<String> urlProblem(String url, boolean required) {
        String u = url == null ? "" : url.strip();
        if (u.isEmpty()) {
            return required ? Optional.of("Base URL: enter the server's address, for example http://localhost:8000/v1.")
                    : Optional.empty();
        }
        if (u.length() > MAX_URLS_LENGTH) {
            return Optional.of("Base URL: at most " + MAX_URLS_LENGTH + " characters.");
        }
        URI parsed;
        try {
            parsed = new URI(u);
        } catch (URISyntaxException e) {
            return Optional.of("Base URL: not a URL (" + e.getReason() + ").");
        }
        if (parsed.getScheme() == null || !(parsed.getScheme().equalsIgnoreCase("http") || parsed.getScheme().equalsIgnoreCase("https"))
                || parsed.getHost() == null) {
            return Optional.of("Base URL: must start with http:// or https:// and name a host.");
        }
        if (parsed.getRawUserInfo() != null) {
            return Optional.of("Base URL: must not contain a user name or password; enter the key in the key field.");
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            return Optional.of("Base URL: must not contain ? or #; the workbench adds the paths it calls.");
        }
        return Optional.empty();
    }

    private static Optional<String> replayProblem(String file) {
        String f = file == null ? "" : file.strip();
        if (f.isEmpty()) {
            return Optional.of("Replay file: enter the path of a JSONL file of recorded answers.");
        }
        try {
            Path p = Path.of(f);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                return Optional.of("Replay file: " + f + " is not a readable file.");
            }
        } catch (InvalidPathException e) {
            return Optional.of("Replay file: not a path (" + e.getReason() + ").");
        }
        return Optional.empty();
    }

    private static void range(List<Problem> out, String field, String label, Number value, double min, double max,
            boolean required) {
        if (value == null) {
            if (required) {
                out.add(new Problem(field, label + ": required."));
            }
            return;
        }
        double v = value.doubleValue();
        if (Double.isNaN(v) || v < min || v > max) {
            out.add(new Problem(field, label + ": between " + plain(min) + " and " + plain(max) + ", not " + value + "."));
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.format(java.util.Locale.ROOT, "%,d", (long) d) : String.valueOf(d);
    }
}
