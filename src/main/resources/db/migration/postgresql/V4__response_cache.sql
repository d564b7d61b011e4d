-- PostgreSQL twin of h2/V4__response_cache.sql: TEXT for CLOB.
-- Answers of LLM backends, keyed by the SHA-256 of everything that determines an answer:
-- provider, model, every parameter, the full rendered messages, the labels asked for and the
-- repeat index. Failures are never stored.
CREATE TABLE response_cache (
    cache_key      VARCHAR(64)  NOT NULL PRIMARY KEY,
    provider       VARCHAR(40)  NOT NULL,
    model          VARCHAR(200) NOT NULL,
    sample_index   INT          NOT NULL,
    response_text  TEXT         NOT NULL,
    input_tokens   BIGINT       NOT NULL,
    output_tokens  BIGINT       NOT NULL,
    label_logprobs TEXT,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
