package org.recprompt.workspace;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database a workspace runs on, and the one place where SQL that differs between them is written.
 * Everything else (the JPA entities, the queries of the response cache, egress log and secrets) is
 * SQL that H2 and PostgreSQL both accept; the migrations differ only in column types
 * ({@code db/migration/h2} and {@code db/migration/postgresql}).
 */
public enum DatabaseVendor {

    /** H2 in the workspace folder: the default, one process at a time. */
    H2,
    /** A PostgreSQL server a research group shares. */
    POSTGRESQL;

    /** The vendor of the database behind {@code jdbc}, from its driver's product name. */
    public static DatabaseVendor of(JdbcTemplate jdbc) {
        String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        return ofProduct(product);
    }

    static DatabaseVendor ofProduct(String product) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        throw new IllegalStateException("The workspace database is " + product + "; the workbench runs on H2 or PostgreSQL");
    }

    /**
     * A statement that inserts a row or, when a row with the same key exists, replaces its other columns:
     * H2's {@code MERGE ... KEY}, PostgreSQL's {@code INSERT ... ON CONFLICT ... DO UPDATE} (which, unlike the
     * standard MERGE, is safe when two processes write the same key at once). Its parameters are the
     * columns in order.
     *
     * @param table   the table
     * @param keys    the primary-key columns
     * @param columns every column written, keys included
     */
    public String upsert(String table, List<String> keys, List<String> columns) {
        String names = String.join(", ", columns);
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (" + names + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks + ")";
            case POSTGRESQL -> "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ") ON CONFLICT ("
                    + String.join(", ", keys) + ") DO UPDATE SET " + columns.stream().filter(c -> !keys.contains(c))
                            .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        };
    }
}
