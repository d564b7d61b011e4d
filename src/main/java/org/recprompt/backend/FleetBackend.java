package org.recprompt.backend;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One backend over several servers of the same model (an inference fleet: {@code baseUrls} of an
 * OpenAI-compatible or Ollama backend), one adapter per endpoint. It sits under the retries
 * ({@link ResilientBackend}) and over each endpoint's egress recording:
 * <ul>
 * <li>a call goes to the healthy endpoint with the fewest calls in flight (ties: round robin), at most
 * {@code perEndpoint} at once on each; a call finding every healthy endpoint full waits for a free one;</li>
 * <li>an endpoint that fails with a connection-level failure, a 5xx or a timeout ({@link #isEndpointFault})
 * is set aside and the call is sent again at once to another endpoint (not counted as an attempt, not a
 * failure the run sees); a 4xx, a 429 or an unreadable answer is the call's own outcome;</li>
 * <li>a set-aside endpoint gets one probe call after its cool-down (base, doubling per failed probe, up
 * to the cap); the probe's success makes it healthy again;</li>
 * <li>when no endpoint is left for a call (all set aside or already tried by it), the call's outcome is an
 * UNAVAILABLE failure asking to be retried when the earliest cool-down ends: the retry policy above
 * waits that long, and only when it gives up is the call an ERROR.</li>
 * </ul>
 * The result names the endpoint that answered ({@link BackendResult#endpoint}). Thread-safe.
 */
public final class FleetBackend implements Backend {

    /** One server: its base URL (as written) and the adapter that calls it. */
    public record Endpoint(String url, Backend backend) {
    }

    /** How long an endpoint stays set aside: {@code base} after its first fault, doubled per failed probe, at most {@code cap}. */
    public record CoolDown(Duration base, Duration cap) {

        public static final CoolDown DEFAULT = new CoolDown(Duration.ofSeconds(2), Duration.ofSeconds(60));

        public CoolDown {
            if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
                throw new IllegalArgumentException("a cool-down needs 0 < base <= cap");
            }
        }

        /** The cool-down after the given number of faults in a row (1: the first). */
        Duration after(int faultsInARow) {
            long millis = base.toMillis() << Math.min(20, Math.max(0, faultsInARow - 1));
            return Duration.ofMillis(Math.min(cap.toMillis(), millis));
        }
    }

    /** What happened at one endpoint so far: calls answered, requests that failed there, times set aside, probes. */
    public record EndpointStats(String url, long answered, long faults, long otherFailures, int setAside, int probes,
            int recoveries, boolean healthy) {
    }

    private static final class State {
        final int index;
        final Endpoint endpoint;
        int inFlight;
        long asideUntil; // epoch millis; 0: healthy
        int faultsInARow;
        boolean probing;
        long answered;
        long faults;
        long otherFailures;
        int setAside;
        int probes;
        int recoveries;

        State(int index, Endpoint endpoint) {
            this.index = index;
            this.endpoint = endpoint;
        }

        boolean healthy() {
            return asideUntil == 0;
        }
    }

    private final List<State> states;
    private final int perEndpoint;
    private final CoolDown coolDown;
    private final Clock clock;
    private final Object lock = new Object();
    private int nextTie;

    public FleetBackend(List<Endpoint> endpoints, int perEndpoint, CoolDown coolDown, Clock clock) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one endpoint");
        }
        if (perEndpoint < 1) {
            throw new IllegalArgumentException("at least one call at once per endpoint");
        }
        List<State> s = new ArrayList<>(endpoints.size());
        for (int i = 0; i < endpoints.size(); i++) {
            s.add(new State(i, endpoints.get(i)));
        }
        this.states = List.copyOf(s);
        this.perEndpoint = perEndpoint;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** Whether a failure is the endpoint's (it is set aside and the call goes elsewhere) rather than the call's. */
    public static boolean isEndpointFault(Failure failure) {
        return switch (failure.kind()) {
            case NETWORK, TIMEOUT, SERVER_ERROR, UNAVAILABLE -> true;
            default -> false;
        };
    }

    /** Calls at once over the whole fleet: {@code perEndpoint} on each endpoint. */
    public int totalConcurrency() {
        return perEndpoint * states.size();
    }

    public List<String> urls() {
        return states.stream().map(s -> s.endpoint.url()).toList();
    }

    @Override
    public BackendResult generate(BackendRequest request) {
        Set<Integer> tried = new HashSet<>();
        BackendResult last = null;
        String lastUrl = null;
        while (true) {
            State s;
            try {
                s = acquire(tried);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return BackendResult.failed(new Failure(Failure.Kind.CANCELLED, "cancelled while waiting for a fleet endpoint"), 0)
                        .withEndpoint(lastUrl);
            }
            if (s == null) {
                return noEndpointLeft(last, lastUrl);
            }
            tried.add(s.index);
            BackendResult r = null;
            try {
                r = s.endpoint.backend().generate(request);
            } finally {
                settle(s, r);
            }
            lastUrl = s.endpoint.url();
            if (r.isOk() || !isEndpointFault(r.failure())) {
                return r.withEndpoint(lastUrl);
            }
            last = r;
        }
    }

    /** Every endpoint is set aside or was tried by this call: UNAVAILABLE until the earliest cool-down ends. */
    private BackendResult noEndpointLeft(BackendResult last, String lastUrl) {
        long now = clock.millis();
        long earliest = Long.MAX_VALUE;
        int aside = 0;
        synchronized (lock) {
            for (State s : states) {
                if (!s.healthy()) {
                    aside++;
                    if (!s.probing) {
                        earliest = Math.min(earliest, s.asideUntil);
                    }
                }
            }
        }
        Duration wait = earliest == Long.MAX_VALUE ? coolDown.base() : Duration.ofMillis(Math.max(1, earliest - now));
        String why = last == null ? "" : "; the last, at " + lastUrl + ": " + last.failure().kind() + ": " + last.failure().message();
        Failure f = new Failure(Failure.Kind.UNAVAILABLE, "no endpoint of the fleet could take the call (" + aside + " of "
                + states.size() + " set aside" + why + ")", wait);
        long latency = last == null ? 0 : last.latencyMillis();
        return BackendResult.failed(f, latency).withEndpoint(lastUrl);
    }

    /**
     * The endpoint for the next send, its slot taken: a set-aside endpoint whose cool-down is over and
     * that no probe is testing (this call is its probe), else the healthy one with the fewest in flight
     * below the limit (ties: round robin); waits while every healthy untried endpoint is full; null when
     * none is left.
     */
    private State acquire(Set<Integer> tried) throws InterruptedException {
        synchronized (lock) {
            while (true) {
                long now = clock.millis();
                for (State s : states) {
                    if (!s.healthy() && !s.probing && now >= s.asideUntil && !tried.contains(s.index)) {
                        s.probing = true;
                        s.probes++;
                        s.inFlight++;
                        return s;
                    }
                }
                State best = null;
                boolean full = false;
                int n = states.size();
                for (int k = 0; k < n; k++) {
                    State s = states.get((nextTie + k) % n);
                    if (!s.healthy() || tried.contains(s.index)) {
                        continue;
                    }
                    if (s.inFlight >= perEndpoint) {
                        full = true;
                    } else if (best == null || s.inFlight < best.inFlight) {
                        best = s;
                    }
                }
                if (best != null) {
                    nextTie = (best.index + 1) % n;
                    best.inFlight++;
                    return best;
                }
                if (!full) {
                    return null;
                }
                lock.wait(waitBound(now, tried));
            }
        }
    }

    /**
     * How long a call waiting for a full endpoint may sleep before looking again: until the next cool-down
     * of an endpoint it has not tried ends (its probe may then be due); 0 (until a slot frees) when none.
     */
    private long waitBound(long now, Set<Integer> tried) {
        long next = Long.MAX_VALUE;
        for (State s : states) {
            if (!s.healthy() && !s.probing && !tried.contains(s.index) && s.asideUntil > now) {
                next = Math.min(next, s.asideUntil);
            }
        }
        return next == Long.MAX_VALUE ? 0 : Math.max(1, next - now);
    }

    private void settle(State s, BackendResult r) {
        synchronized (lock) {
            s.inFlight--;
            boolean fault = r == null || !r.isOk() && isEndpointFault(r.failure());
            if (fault) {
                s.faults++;
                if (s.probing) {
                    s.probing = false;
                    s.faultsInARow++;
                    s.asideUntil = clock.millis() + coolDown.after(s.faultsInARow).toMillis();
                } else if (s.healthy()) {
                    s.faultsInARow = 1;
                    s.setAside++;
                    s.asideUntil = clock.millis() + coolDown.after(1).toMillis();
                }
            } else {
                if (r.isOk()) {
                    s.answered++;
                } else {
                    s.otherFailures++;
                }
                if (s.probing) { // the server answered (even a 4xx): it is up again
                    s.probing = false;
                    s.asideUntil = 0;
                    s.faultsInARow = 0;
                    s.recoveries++;
                }
            }
            lock.notifyAll();
        }
    }

    /** Each endpoint's record so far, in the configured order. */
    public List<EndpointStats> stats() {
        synchronized (lock) {
            return states.stream().map(s -> new EndpointStats(s.endpoint.url(), s.answered, s.faults, s.otherFailures, s.setAside,
                    s.probes, s.recoveries, s.healthy())).toList();
        }
    }

    /** The stats as summary.json writes them: url to { answered, faults, set_aside, probes, recoveries }. */
    public Map<String, Object> statsJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (EndpointStats e : stats()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("answered", e.answered());
            one.put("faults", e.faults());
            one.put("set_aside", e.setAside());
            one.put("probes", e.probes());
            one.put("recoveries", e.recoveries());
            m.put(e.url(), one);
        }
        return m;
    }
}
