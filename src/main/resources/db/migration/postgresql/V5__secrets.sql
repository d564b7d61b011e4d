-- PostgreSQL twin of h2/V5__secrets.sql: BYTEA for VARBINARY.
-- API keys entered in the workbench, encrypted with AES-GCM under a key that is kept in a file
-- outside the database (<workspace>/.keys/secrets.key). The name is bound to the ciphertext.
CREATE TABLE secret (
    name        VARCHAR(100)   NOT NULL PRIMARY KEY,
    iv          BYTEA  NOT NULL,
    ciphertext  BYTEA NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
