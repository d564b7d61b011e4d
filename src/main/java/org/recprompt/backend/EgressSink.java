package org.recprompt.backend;

/** Where egress events go: the workspace's log, a run folder's file, a test's list. Must be thread-safe. */
@FunctionalInterface
public interface EgressSink {

    EgressSink NONE = e -> { };

    void record(EgressEvent event);

    /** A request announced before it went out; {@link #settled()} once its attempt is over and recorded. */
    @FunctionalInterface
    interface InFlight {
        InFlight NONE = () -> { };

        void settled();
    }

    /**
     * A request is about to go out (its event with status 0): a sink that keeps requests in flight
     * (a run folder) writes it down at once, so that a process killed before the answer came still
     * accounts for it. The default keeps nothing.
     */
    default InFlight sending(EgressEvent event) {
        return InFlight.NONE;
    }

    /** Records several at once (a store may write them in one transaction). */
    default void recordAll(java.util.List<EgressEvent> events) {
        events.forEach(this::record);
    }

    /**
     * The events this sink holds of one run (by project and run name), so that a run killed before
     * its writer handed everything over can add what is missing; null when the sink cannot tell.
     */
    default java.util.List<EgressEvent> recorded(String project, String run) {
        return null;
    }

    /** Records to both; a failure of one does not keep the event from the other. */
    default EgressSink and(EgressSink other) {
        if (other == null || other == NONE) {
            return this;
        }
        if (this == NONE) {
            return other;
        }
        return e -> {
            RuntimeException first = null;
            try {
                record(e);
            } catch (RuntimeException x) {
                first = x;
            }
            other.record(e);
            if (first != null) {
                throw first;
            }
        };
    }
}
