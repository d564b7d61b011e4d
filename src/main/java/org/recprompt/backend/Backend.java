package org.recprompt.backend;

/**
 * Something that answers a rendered prompt: an LLM provider, a local model, a replay of recorded
 * answers. Implementations never throw for a failed call: the failure is in the result, so a run
 * records it as an outcome and goes on. Decorators add retries, rate limits, caching and cost
 * ({@link ResilientBackend}, {@link CachingBackend}).
 */
@FunctionalInterface
public interface Backend {

    BackendResult generate(BackendRequest request);
}
