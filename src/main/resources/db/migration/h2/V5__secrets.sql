-- API keys entered in the workbench, encrypted with AES-GCM under a key that is kept in a file
-- outside the database (<workspace>/.keys/secrets.key). The name is bound to the ciphertext.
CREATE TABLE secret (
    name        VARCHAR(100)   NOT NULL PRIMARY KEY,
    iv          VARBINARY(12)  NOT NULL,
    ciphertext  VARBINARY(8192) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
