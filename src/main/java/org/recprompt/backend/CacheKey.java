package org.recprompt.backend;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
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

    public static String of(String provider, String model, Map<String, ?> parameters, BackendRequest request) {
        StringBuilder s = new StringBuilder();
        field(s, "provider", provider);
        field(s, "model", model);
        new TreeMap<>(parameters).forEach((k, v) -> field(s, "param:" + k, String.valueOf(v)));
        for (Message m : request.messages()) {
            field(s, "role", m.role());
            field(s, "text", m.text());
            m.images().forEach(i -> field(s, "image", i));
        }
        request.labels().forEach(l -> field(s, "label", l));
        field(s, "sample", String.valueOf(request.sampleIndex()));
        var digest = org.recprompt.base.Hashes.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** name=length:value; so that no two different field lists encode to the same text. */
    private static void field(StringBuilder s, String name, String value) {
        String v = value == null ? "" : value;
        s.append(name).append('=').append(v.length()).append(':').append(v).append(';');
    }
}
