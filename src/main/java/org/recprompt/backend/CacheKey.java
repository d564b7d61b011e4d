package org.recprompt.backend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.recprompt.prompt.Message;

/**
 * The identity of an answer: SHA-256 over a canonical, length-prefixed encoding of the provider,
 * the model, every parameter (sorted by name), each message's role, text and images, the labels
 * and the repeat index. Two requests share a key only if all of these are equal. Images count as
 * the dataset names them (a URL, a path), never their bytes: the key is computed before
 * {@link ImageResolvingBackend} fetches anything, so a cached answer needs no fetch.
 */
public final class CacheKey {

    private CacheKey() {
    }

    /** Recent keys by what they were computed from (value equality): a run computes each key twice, to look it up ahead and to call. */
    private static final Map<Inputs, String> RECENT = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Inputs, String> eldest) {
            return size() > RECENT_KEPT;
        }
    });
    /** More than a run's look-ahead (1,024 calls) and the calls in flight, so a key computed ahead is still here when its call is made. */
    static final int RECENT_KEPT = 2048;

    private record Inputs(String provider, String model, Map<String, ?> parameters, BackendRequest request) {
    }

    public static String of(String provider, String model, Map<String, ?> parameters, BackendRequest request) {
        Inputs inputs = new Inputs(provider, model, parameters, request);
        String key = RECENT.get(inputs);
        if (key == null) {
            key = compute(provider, model, parameters, request);
            RECENT.put(inputs, key);
        }
        return key;
    }

    /**
     * The digest of what a user's repeats share (every field up to the messages), by value: each
     * repeat's key continues a copy of it with the labels and its repeat index, instead of hashing
     * the prompt again (a run asks each prompt once per repeat; under C1 SHA-256 costs about a
     * tenth of a millisecond per kilobyte). The same bytes are hashed, in the same order.
     */
    private static final Map<Shared, MessageDigest> SHARED = Collections.synchronizedMap(new LinkedHashMap<>(512, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Shared, MessageDigest> eldest) {
            return size() > RECENT_KEPT;
        }
    });

    private record Shared(String provider, String model, Map<String, ?> parameters, List<Message> messages) {
    }

    private static String compute(String provider, String model, Map<String, ?> parameters, BackendRequest request) {
        Shared shared = new Shared(provider, model, parameters, request.messages());
        MessageDigest prefix = SHARED.get(shared);
        if (prefix == null) {
            StringBuilder s = new StringBuilder();
            field(s, "provider", provider);
            field(s, "model", model);
            new TreeMap<>(parameters).forEach((k, v) -> field(s, "param:" + k, String.valueOf(v)));
            for (Message m : request.messages()) {
                field(s, "role", m.role());
                field(s, "text", m.text());
                m.images().forEach(i -> field(s, "image", i));
            }
            prefix = org.recprompt.base.Hashes.sha256();
            prefix.update(s.toString().getBytes(StandardCharsets.UTF_8));
            SHARED.put(shared, prefix); // never updated again: only copied
        }
        MessageDigest digest;
        try {
            digest = (MessageDigest) prefix.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 cannot be copied", e);
        }
        StringBuilder rest = new StringBuilder();
        request.labels().forEach(l -> field(rest, "label", l));
        field(rest, "sample", String.valueOf(request.sampleIndex()));
        digest.update(rest.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** name=length:value; so that no two different field lists encode to the same text. */
    private static void field(StringBuilder s, String name, String value) {
        String v = value == null ? "" : value;
        s.append(name).append('=').append(v.length()).append(':').append(v).append(';');
    }
}
