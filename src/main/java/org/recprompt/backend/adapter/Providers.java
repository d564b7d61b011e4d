package org.recprompt.backend.adapter;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.recprompt.backend.QuotaObserver;
import org.recprompt.backend.RateLimiter;

import org.recprompt.backend.Backend;
import org.recprompt.backend.FleetBackend;
import org.recprompt.backend.ResilientBackend;
import org.recprompt.backend.RetryPolicy;
import org.recprompt.backend.Sleeper;

/**
 * Builds the adapter a {@link ProviderConfig} describes. The key is read from the environment
 * variable the config names and is never logged nor put in a message.
 *
 * <p>Missing key: when the backend talks to the provider's public endpoint (no baseUrl), a missing
 * or empty key variable is an error that names the variable. When baseUrl points elsewhere (a local
 * vLLM, llama.cpp, LM Studio or Ollama server, a proxy), many servers need no key, so a missing
 * variable is allowed and no real key is sent; should that server then answer 401/403, the
 * AUTHENTICATION failure says which variable was unset. A variable named explicitly
 * ({@code apiKeyEnv}) that is not set is always an error naming it: no request goes out without the
 * key the configuration asks for. Ollama's native API takes no key.
 */
public final class Providers {

    private Providers() {
    }

    /** Reads keys from the process environment. */
    public static ChatModelBackend create(ProviderConfig config) {
        return create(config, System::getenv);
    }

    /**
     * The adapter wrapped in a {@link ResilientBackend} with the config's concurrency: retries
     * (honouring Retry-After), pacing to the quota the provider's rate-limit headers state, and a
     * pause after {@code pauseAfter} requests in a row fail for good.
     */
    public static ResilientBackend createResilient(ProviderConfig config, Function<String, String> env, RetryPolicy retry,
            int pauseAfter, Sleeper sleeper, long seed) {
        RateLimiter pacer = RateLimiter.learning(java.time.Clock.systemUTC(), sleeper);
        org.recprompt.backend.DatabaseQuota.attach(pacer, config, null, env); // shared with other processes on a database server
        return new ResilientBackend(create(config, env, pacer), retry, config.concurrency(), pauseAfter, pacer, sleeper, seed);
    }

    /**
     * An inference fleet: one adapter per base URL (the config's own baseUrl is replaced by each), each
     * wrapped by {@code eachEndpoint} (the egress recording, which sees the URL actually called), under a
     * {@link FleetBackend} with the config's concurrency on each endpoint.
     */
    public static FleetBackend createFleet(ProviderConfig config, List<String> baseUrls, Function<String, String> env,
            QuotaObserver quota, BiFunction<String, Backend, Backend> eachEndpoint, FleetBackend.CoolDown coolDown, Clock clock) {
        List<FleetBackend.Endpoint> endpoints = new ArrayList<>(baseUrls.size());
        for (String url : baseUrls) {
            ProviderConfig one = new ProviderConfig(config.id(), config.type(), url, config.model(), config.apiKeyEnv(),
                    config.parameters(), null, config.concurrency());
            endpoints.add(new FleetBackend.Endpoint(url, eachEndpoint.apply(url, create(one, env, quota))));
        }
        return new FleetBackend(endpoints, config.concurrency(), coolDown, clock);
    }

    /** Reads keys through {@code env} (tests pass a map). */
    public static ChatModelBackend create(ProviderConfig c, Function<String, String> env) {
        return create(c, env, QuotaObserver.NONE);
    }

    /**
     * With {@code quota} told the rate-limit headers of every answer (OpenAI and Anthropic send them;
     * OpenAI-compatible servers may): the backend's {@link RateLimiter} paces to them.
     */
    public static ChatModelBackend create(ProviderConfig c, Function<String, String> env, QuotaObserver quota) {
        String type = c.type().trim().toLowerCase(Locale.ROOT);
        String base = c.baseUrl() == null || c.baseUrl().isBlank() ? null : c.baseUrl().trim();
        if (base != null) {
            URI u = URI.create(base);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("backend " + c.id() + ": baseUrl must be an http(s) URL, not " + base);
            }
        }
        return switch (type) {
            case "openai" -> {
                Key k = key(c, base, "OPENAI_API_KEY", env);
                yield new OpenAiCompatibleBackend(base, c.model(), k.value, c.parameters(), k.hint, quota);
            }
            case "anthropic" -> {
                Key k = key(c, base, "ANTHROPIC_API_KEY", env);
                yield new AnthropicBackend(base, c.model(), k.value, c.parameters(), k.hint, quota);
            }
            case "gemini" -> {
                Key k = key(c, base, "GEMINI_API_KEY", env);
                yield new GeminiBackend(base, c.model(), k.value, c.parameters(), k.hint);
            }
            case "ollama" -> new OllamaBackend(base == null ? env.apply("OLLAMA_BASE_URL") : base, c.model(), c.parameters());
            default -> throw new IllegalArgumentException("backend " + c.id() + ": unknown type '" + c.type()
                    + "' (openai, ollama, anthropic, gemini)");
        };
    }

    /** An API key as read for a backend: the value (null when a keyless server is allowed) and, then, why none is sent. */
    public record Key(String value, String hint) {
    }

    /**
     * The key a backend sends, read by the same rules as the live adapters (the batch clients use
     * it); throws with a sentence naming the variable when a needed key is missing.
     */
    public static Key key(ProviderConfig c, Function<String, String> env) {
        String type = c.type().trim().toLowerCase(Locale.ROOT);
        String base = c.baseUrl() == null || c.baseUrl().isBlank() ? null : c.baseUrl().trim();
        String variable = switch (type) {
            case "anthropic" -> "ANTHROPIC_API_KEY";
            case "gemini" -> "GEMINI_API_KEY";
            default -> "OPENAI_API_KEY";
        };
        return key(c, base, variable, env);
    }

    private static Key key(ProviderConfig c, String base, String defaultVariable, Function<String, String> env) {
        String variable = c.apiKeyEnv() == null || c.apiKeyEnv().isBlank() ? defaultVariable : c.apiKeyEnv().trim();
        String value = env.apply(variable);
        if (value != null && !value.isBlank()) {
            return new Key(value.trim(), null);
        }
        if (base == null) {
            throw new IllegalArgumentException("backend " + c.id() + " (" + c.type() + "): the environment variable "
                    + variable + " that holds the API key is not set");
        }
        if (c.apiKeyEnv() != null && !c.apiKeyEnv().isBlank()) {
            throw new IllegalArgumentException("backend " + c.id() + " (" + c.type() + "): apiKeyEnv names " + variable
                    + ", which is not set; set it, or leave apiKeyEnv out for a server that needs no key");
        }
        return new Key(null, "the API key variable " + variable + " is not set");
    }
}
