package org.recprompt.backend.batch;

import java.util.Locale;
import java.util.function.Function;

import org.recprompt.backend.EgressSink;
import org.recprompt.backend.adapter.ProviderConfig;

/** Builds the batch endpoint of a configured backend; only OpenAI and Anthropic have one. */
public final class BatchApis {

    private BatchApis() {
    }

    /** Whether a backend type has a batch endpoint here. */
    public static boolean supports(String type) {
        String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        return t.equals("openai") || t.equals("anthropic");
    }

    /**
     * The batch endpoint for a backend: keys read through {@code env} as the live adapters read
     * them, every HTTP request reported to {@code egress}.
     */
    public static BatchApi create(ProviderConfig config, Function<String, String> env, EgressSink egress) {
        String type = config.type().trim().toLowerCase(Locale.ROOT);
        if (type.equals("openai")) {
            return new OpenAiBatchApi(config, env, egress, java.time.Clock.systemUTC());
        }
        if (type.equals("anthropic")) {
            return AnthropicBatchApi.create(config, env, egress);
        }
        throw new IllegalArgumentException("backend " + config.id() + ": batch mode is not available for type " + type
                + " (openai and anthropic have batch endpoints)");
    }
}
