package org.recprompt.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.recprompt.workspace.DatabaseVendor;
import org.recprompt.workspace.WorkspaceSettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * API keys entered in the workbench. Values are encrypted with AES-256-GCM (the secret's name is
 * authenticated with it, so a ciphertext cannot be moved to another name) under a key kept in a
 * file outside the database, {@code <workspace>/.keys/secrets.key}, readable by its owner only.
 * Values are never logged, exported or shown again in full ({@link #masked}). Environment
 * variables win over stored values ({@link #resolve}).
 *
 * <p>A secret may be <em>bound</em> ({@link #put(String, String, String)}): the binding (a backend's
 * type and base URL) is sealed with the value, so it cannot be changed without the key file, and
 * {@link #read} hands it back for the caller to compare with where the value is about to be sent.
 * A bound secret is never returned by name through {@link #resolve} or {@link #keyLookup}: an
 * experiment naming it in {@code apiKeyEnv} gets nothing.
 */
@Service
public class SecretStore {

    /** A stored value and what it is bound to (null: not bound). {@link #toString()} never prints the value. */
    public record Stored(String value, String binding) {
        @Override
        public String toString() {
            return "Stored[" + (binding == null ? "unbound" : binding) + "]";
        }
    }

    private static final String BOUND = "\u0000bound\u0000";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final JdbcTemplate jdbc;
    private final Path keyFile;
    private final Clock clock;
    private final Map<String, String> environment;
    private final SecureRandom random = new SecureRandom();
    private volatile byte[] key;
    private volatile String upsert;

    @org.springframework.beans.factory.annotation.Autowired
    public SecretStore(JdbcTemplate jdbc, WorkspaceSettings workspace, Clock clock) {
        this(jdbc, workspace.workspace().resolve(".keys").resolve("secrets.key"), clock, System.getenv());
    }

    SecretStore(JdbcTemplate jdbc, Path keyFile, Clock clock, Map<String, String> environment) {
        this.jdbc = jdbc;
        this.keyFile = keyFile;
        this.clock = clock;
        this.environment = environment;
    }

    /** The value of a key variable: the environment's, else the stored one unless it is bound to a backend. */
    public Optional<String> resolve(String name) {
        String fromEnv = environment.get(name);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv);
        }
        return read(name).filter(s -> s.binding() == null).map(Stored::value);
    }

    /** For building backends: a key variable's value from the environment or the store, or null. */
    public java.util.function.Function<String, String> keyLookup() {
        return name -> resolve(name).orElse(null);
    }

    public void put(String name, String value) {
        put(name, value, null);
    }

    /**
     * Stores the value bound to {@code binding} (null: unbound). The binding is encrypted and
     * authenticated with the value; it holds no line break or NUL.
     */
    public void put(String name, String value, String binding) {
        if (binding != null && (binding.isEmpty() || binding.indexOf('\u0000') >= 0)) {
            throw new IllegalArgumentException("A secret's binding is a non-empty text without NUL characters.");
        }
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,99}")) {
            throw new IllegalArgumentException("A secret's name looks like an environment variable, e.g. OPENAI_API_KEY.");
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The value of " + name + " is empty.");
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        String plain = binding == null ? value : BOUND + binding + "\u0000" + value;
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, name, iv, plain.getBytes(StandardCharsets.UTF_8));
        String upsert = this.upsert;
        if (upsert == null) { // the workspace database's SQL, looked up at the first write
            upsert = DatabaseVendor.of(jdbc).upsert("secret", List.of("name"), List.of("name", "iv", "ciphertext", "updated_at"));
            this.upsert = upsert;
        }
        jdbc.update(upsert,
                name, iv, sealed, Timestamp.from(clock.instant()));
    }

    /** The stored value, bound or not; the caller checks a binding with {@link #read}. */
    public Optional<String> get(String name) {
        return read(name).map(Stored::value);
    }

    /** The stored value and its binding. */
    public Optional<Stored> read(String name) {
        List<byte[][]> rows = jdbc.query("SELECT iv, ciphertext FROM secret WHERE name = ?",
                (rs, n) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)}, name);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String plain = new String(crypt(Cipher.DECRYPT_MODE, name, rows.get(0)[0], rows.get(0)[1]), StandardCharsets.UTF_8);
        if (plain.startsWith(BOUND)) {
            int end = plain.indexOf('\u0000', BOUND.length());
            if (end > 0) {
                return Optional.of(new Stored(plain.substring(end + 1), plain.substring(BOUND.length(), end)));
            }
        }
        return Optional.of(new Stored(plain, null));
    }

    public void delete(String name) {
        jdbc.update("DELETE FROM secret WHERE name = ?", name);
    }

    public List<String> names() {
        return jdbc.queryForList("SELECT name FROM secret ORDER BY name", String.class);
    }

    /** What the UI may show of a stored value: its last four characters. */
    public static String masked(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return value.length() <= 8 ? "\u2022\u2022\u2022\u2022" : "\u2022\u2022\u2022\u2022" + value.substring(value.length() - 4);
    }

    private byte[] crypt(int mode, String name, byte[] iv, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(data);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("The secret " + name + " cannot be decrypted with this workspace's key ("
                    + keyFile + "); enter it again.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption of the secret " + name + " failed: " + e.getMessage(), e);
        }
    }

    private byte[] key() {
        if (key == null) {
            synchronized (this) {
                if (key == null) {
                    key = loadOrCreateKey();
                }
            }
        }
        return key;
    }

    private byte[] loadOrCreateKey() {
        try {
            if (Files.exists(keyFile)) {
                byte[] k = Files.readAllBytes(keyFile);
                if (k.length != 32) {
                    throw new IllegalStateException("The key file " + keyFile + " is not a 256-bit key.");
                }
                return k;
            }
            org.recprompt.base.OwnerOnly.createFolders(keyFile.getParent());
            byte[] k = new byte[32];
            random.nextBytes(k);
            Path tmp = Files.createTempFile(keyFile.getParent(), ".key-", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // non-POSIX file systems keep their default permissions
            }
            Files.write(tmp, k);
            // Several processes may share the workspace (a database server): two starting at once must
            // not each make a key, the later one replacing the file the earlier one encrypted with.
            // A hard link is created only if no file has that name yet; the loser reads the winner's key.
            try {
                Files.createLink(keyFile, tmp);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                Files.deleteIfExists(tmp);
                return loadOrCreateKey();
            } catch (UnsupportedOperationException noLinks) {
                try {
                    Files.move(tmp, keyFile); // without REPLACE_EXISTING: refused when the file exists
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    Files.deleteIfExists(tmp);
                    return loadOrCreateKey();
                }
            }
            Files.deleteIfExists(tmp);
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key file " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
