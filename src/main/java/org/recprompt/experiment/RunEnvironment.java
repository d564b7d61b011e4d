package org.recprompt.experiment;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

import org.recprompt.backend.EgressSink;
import org.recprompt.backend.PriceTable;
import org.recprompt.backend.ResponseCache;

/**
 * What a run takes from its surroundings: the response cache (null: none, every call is sent; a
 * supplier, so that a command can open the database while the dataset loads: it is asked on the
 * first LLM call, and may answer null),
 * where API keys are read from (the process environment; tests pass a map), the price table, a
 * folder for cached item embeddings of the semantic ranker (null: memory only), and the clock.
 * The workbench builds one from its Spring beans; the command line opens the workspace database.
 */
public record RunEnvironment(Supplier<ResponseCache> cache, Function<String, String> env, PriceTable prices, Path embeddingCache,
        Clock clock, boolean localOnly, EgressSink egress, String project) {

    public RunEnvironment {
        env = env == null ? System::getenv : env;
        prices = prices == null ? PriceTable.defaults() : prices;
        clock = clock == null ? Clock.systemUTC() : clock;
        egress = egress == null ? EgressSink.NONE : egress;
    }

    public RunEnvironment(Supplier<ResponseCache> cache, Function<String, String> env, PriceTable prices, Path embeddingCache,
            Clock clock) {
        this(cache, env, prices, embeddingCache, clock, false, EgressSink.NONE, null);
    }

    /**
     * With privacy settings: {@code localOnly} (a project's switch or {@code run --local-only}; the
     * experiment's own {@code localOnly: true} applies as well), where the egress log goes (the
     * workspace's log; a run folder always gets its own egress.jsonl), and the project's name for it.
     */
    public RunEnvironment withPrivacy(boolean on, EgressSink log, String projectName) {
        return new RunEnvironment(cache, env, prices, embeddingCache, clock, on, log, projectName);
    }

    /** No cache, keys from the process environment, the default prices. */
    public static RunEnvironment offline() {
        return new RunEnvironment(null, System::getenv, PriceTable.defaults(), null, Clock.systemUTC());
    }

    public RunEnvironment withCache(ResponseCache c) {
        return new RunEnvironment(c == null ? null : () -> c, env, prices, embeddingCache, clock, localOnly, egress, project);
    }

    public RunEnvironment withEnv(Function<String, String> e) {
        return new RunEnvironment(cache, e, prices, embeddingCache, clock, localOnly, egress, project);
    }
}
