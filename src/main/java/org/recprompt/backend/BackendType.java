package org.recprompt.backend;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of backend a project can configure: LLM providers reached over HTTP, and local ones
 * that run in the workbench (baseline rankers, the semantic ranker, a replay of recorded answers).
 * {@code providerType} is the adapter's type ({@code Providers.create}); {@code keyVariable} is the
 * environment variable a provider's key is usually read from.
 */
public enum BackendType {

    OPENAI("openai", "OpenAI", "openai", "https://api.openai.com/v1", "OPENAI_API_KEY", "gpt-4o-mini"),
    OPENAI_COMPATIBLE("openai-compatible", "OpenAI-compatible server (vLLM, llama.cpp, LM Studio, ...)", "openai",
            "http://localhost:8000/v1", "", ""),
    OLLAMA("ollama", "Ollama", "ollama", "http://localhost:11434", "", "llama3.2"),
    ANTHROPIC("anthropic", "Anthropic", "anthropic", "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY",
            "claude-3-5-haiku-latest"),
    GEMINI("gemini", "Google Gemini", "gemini", "https://generativelanguage.googleapis.com/v1beta", "GEMINI_API_KEY",
            "gemini-2.0-flash"),
    RANDOM("random", "Random (baseline)", null, "", "", ""),
    MOST_POPULAR("most-popular", "Most popular (baseline)", null, "", "", ""),
    ITEM_KNN("item-knn", "Item kNN (baseline)", null, "", "", ""),
    EASE("ease", "EASE^R (baseline)", null, "", "", ""),
    SEMANTIC("semantic", "Semantic zero-shot (in-process MiniLM)", null, "", "", ""),
    REPLAY("replay", "Replay of recorded answers (JSONL)", null, "", "", "");

    private final String id;
    private final String label;
    private final String providerType;
    private final String defaultBaseUrl;
    private final String keyVariable;
    private final String defaultModel;

    BackendType(String id, String label, String providerType, String defaultBaseUrl, String keyVariable,
            String defaultModel) {
        this.id = id;
        this.label = label;
        this.providerType = providerType;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyVariable = keyVariable;
        this.defaultModel = defaultModel;
    }

    /** The name stored in the database and used in files: openai, ollama, item-knn, ... */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** An LLM reached over HTTP, through an adapter. */
    public boolean isRemote() {
        return providerType != null;
    }

    /** The adapter type for {@code Providers.create}, or null for local backends. */
    public String providerType() {
        return providerType;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The usual key variable, or "" when the provider needs no key (Ollama) or it is optional. */
    public String keyVariable() {
        return keyVariable;
    }

    public String defaultModel() {
        return defaultModel;
    }

    /** Whether the provider sends a key at all (Ollama's native API takes none). */
    public boolean usesKey() {
        return isRemote() && this != OLLAMA;
    }

    /** Whether a call without a key is certain to fail (the public OpenAI, Anthropic and Gemini APIs). */
    public boolean requiresKey() {
        return this == OPENAI || this == ANTHROPIC || this == GEMINI;
    }

    public static Optional<BackendType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
