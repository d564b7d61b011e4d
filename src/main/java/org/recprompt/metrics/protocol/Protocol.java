package org.recprompt.metrics.protocol;

/**
 * An evaluation convention: a named, complete set of choices (how a raw list is cleaned and cut,
 * what a metric means, which users enter the mean) that reproduces one framework's numbers.
 * Implementations are stateless; docs/PROTOCOLS.md lists every choice with its source.
 */
public interface Protocol {

    /** The name the experiment key {@code protocol:} and {@code metrics --protocol} take. */
    String id();

    /** One line for reports: the framework and version whose code it follows. */
    String describe();

    /**
     * Every metric of the convention at every cutoff.
     *
     * @param cutoffs the cutoffs K, ascending and distinct, each at least 1
     */
    ProtocolResult evaluate(EvalInput input, int[] cutoffs);
}
