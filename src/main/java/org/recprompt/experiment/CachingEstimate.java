package org.recprompt.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.recprompt.backend.PriceTable;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.Kind;
import org.recprompt.prompt.Message;
import org.recprompt.prompt.RenderedPrompt;

/**
 * What the providers' prompt caches are expected to save on one backend. The static prefix is the
 * longest common prefix of one prompt rendered for two different users (about four characters a
 * token): the part a provider can serve from its cache on every call after the first. Anthropic
 * caches only what carries {@code cache_control}, here the system prompt, so its prefix stops at
 * the end of the system messages. OpenAI and Anthropic cache only prompts of at least
 * {@value #MIN_CACHEABLE} tokens: a shorter prefix saves nothing, and the estimate says so instead of
 * showing a saving. The saving is prefix tokens x calls x (input rate - cached rate); Anthropic's
 * cache writes (125% of input, once per cache lifetime) are not subtracted.
 */
public record CachingEstimate(long prefixTokens, long cacheableCalls, double saving, String note) {

    /** The providers' minimum cacheable prompt length, in tokens. */
    public static final int MIN_CACHEABLE = 1024;

    public static final CachingEstimate NONE = new CachingEstimate(0, 0, 0, "");

    /** The static prefix of a prompt variant, in tokens, from its rendering for two different users. */
    static long prefixTokens(RenderedPrompt a, RenderedPrompt b, Kind kind) {
        String x = text(a.messages(), kind);
        String y = text(b.messages(), kind);
        int n = 0;
        int max = Math.min(x.length(), y.length());
        while (n < max && x.charAt(n) == y.charAt(n)) {
            n++;
        }
        return (long) Math.floor(n / 4.0);
    }

    private static String text(List<Message> messages, Kind kind) {
        StringBuilder s = new StringBuilder();
        for (Message m : messages) {
            boolean system = "system".equalsIgnoreCase(m.role());
            if (kind == Kind.ANTHROPIC && !system) {
                break; // only the system prompt carries cache_control
            }
            s.append(m.role()).append('\n').append(m.text()).append('\n');
        }
        return s.toString();
    }

    /**
     * The estimate for a backend whose prompt variants have the given static prefixes (tokens,
     * weighted by their calls); {@code prefixTokens} is the calls-weighted mean prefix.
     */
    static CachingEstimate of(BackendSpec b, Optional<PriceTable.Price> price, long calls, double prefixTokenCalls,
            boolean measured) {
        if (b.kind() == null || !b.kind().isLlm() || b.kind() == Kind.REPLAY || calls == 0) {
            return NONE;
        }
        if (!measured) {
            return new CachingEstimate(0, 0, 0, "not estimated: one user, so no prefix shared by users could be measured");
        }
        long prefix = Math.round(prefixTokenCalls / calls);
        if (prefix < MIN_CACHEABLE) {
            return new CachingEstimate(prefix, 0, 0, String.format(Locale.ROOT, "saves nothing: the prefix all users share is"
                    + " ~%,d tokens, and providers cache only prompts of at least %,d tokens", prefix, MIN_CACHEABLE));
        }
        if (b.kind() == Kind.GEMINI || b.kind() == Kind.OLLAMA) {
            return new CachingEstimate(prefix, 0, 0, String.format(Locale.ROOT, "~%,d shared prefix tokens per call; not"
                    + " estimated: this provider's cached tokens are not reported here", prefix));
        }
        long cacheable = Math.max(0, calls - 1); // the first call fills the cache
        if (price.isEmpty()) {
            return new CachingEstimate(prefix, cacheable, 0, String.format(Locale.ROOT, "~%,d shared prefix tokens per call;"
                    + " saving unknown: the model has no price", prefix));
        }
        double perToken = (price.get().inputPerMillion() - price.get().cachedInputPerMillion()) / 1e6;
        double saving = prefix * (double) cacheable * perToken;
        return new CachingEstimate(prefix, cacheable, saving, String.format(Locale.ROOT, "~%,d shared prefix tokens x %,d calls"
                + " at $%.4g - $%.4g per M: saves ~$%.4f if the provider's cache holds it", prefix, cacheable,
                price.get().inputPerMillion(), price.get().cachedInputPerMillion(), saving));
    }
}
