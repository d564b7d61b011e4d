package org.recprompt.backend;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.recprompt.backend.adapter.WireTap;

/**
 * Wraps a provider adapter (innermost, under retries and the cache) and reports every HTTP request
 * the adapter's client actually sent to an {@link EgressSink}: a retry is a second request, a cached
 * answer sends none. The request's tags say what it was for: {@code project}, {@code run},
 * {@code variant}, and {@code users} (comma-separated dataset user ids whose data the prompt holds;
 * {@code user} when there is no such list).
 */
public final class EgressRecordingBackend implements Backend {

    private final Backend inner;
    private final EgressSink sink;
    private final String backend;
    private final String provider;
    private final String model;
    private final boolean remote;
    private final Clock clock;

    public EgressRecordingBackend(Backend inner, EgressSink sink, String backend, String provider, String model,
            boolean remote, Clock clock) {
        this.inner = inner;
        this.sink = sink;
        this.backend = backend;
        this.provider = provider;
        this.model = model;
        this.remote = remote;
        this.clock = clock;
    }

    @Override
    public BackendResult generate(BackendRequest request) {
        BackendResult result;
        List<WireTap.Sent> sent;
        List<EgressSink.InFlight> inFlight = new java.util.ArrayList<>(1);
        try (WireTap tap = WireTap.open(s -> inFlight.add(sink.sending(event(request, s))))) {
            result = inner.generate(request);
            sent = tap.sent();
        }
        for (WireTap.Sent s : sent) {
            sink.record(event(request, s));
        }
        inFlight.forEach(EgressSink.InFlight::settled);
        return result;
    }

    private EgressEvent event(BackendRequest request, WireTap.Sent s) {
        return new EgressEvent(clock.instant(), request.tags().get("project"), request.tags().get("run"),
                request.tags().get("variant"), backend, provider, model, Egress.endpoint(s.url()), s.bytes(), remote,
                users(request), s.status());
    }

    static List<String> users(BackendRequest request) {
        String users = request.tags().get("users");
        if (users == null || users.isBlank()) {
            String user = request.tags().get("user");
            return user == null || user.isBlank() ? List.of() : List.of(user);
        }
        return Arrays.stream(users.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
