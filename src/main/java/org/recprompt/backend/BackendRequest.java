package org.recprompt.backend;

import java.util.List;
import java.util.Map;

import org.recprompt.prompt.Message;

/**
 * One request to a backend: the rendered messages, the repeat index (repeat 2 is a different
 * request from repeat 1, so it is never served repeat 1's cached answer), optional one-token
 * labels whose log-probabilities are wanted (M6-Rec-style scoring with a chat model), and tags
 * that say what the request is for (user, template version, variant) for replay and the egress log.
 */
public record BackendRequest(List<Message> messages, int sampleIndex, List<String> labels, Map<String, String> tags) {

    public BackendRequest {
        messages = List.copyOf(messages);
        labels = labels == null ? List.of() : List.copyOf(labels);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message");
        }
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("the sample index cannot be negative");
        }
    }

    public static BackendRequest of(List<Message> messages) {
        return new BackendRequest(messages, 0, List.of(), Map.of());
    }

    public BackendRequest withSample(int index) {
        return new BackendRequest(messages, index, labels, tags);
    }
}
