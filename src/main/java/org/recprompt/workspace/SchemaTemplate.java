package org.recprompt.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A new workspace's H2 database, made from a copy instead of by migrating an empty one. The build
 * (pom.xml, {@code prepare-package}) runs {@link #main} once: Flyway migrates an empty H2 database
 * with the jar's own migrations, and the file goes into the jar as {@value #RESOURCE}. A headless
 * command that opens a workspace with no database yet copies it ({@link #copyIfNew}); the schema
 * history is then the template's, with the time of the copy. Flyway's start-up and its twelve
 * migrations cost a headless run more CPU than anything but its calls (about 0.7 s on 2 cores).
 *
 * <p>{@link #isCurrent} is how the copy, and any workspace already migrated, skip Flyway: every
 * migration the jar holds ({@link #H2_VERSIONS}) is in the schema history, and none failed.
 * Anything else (an older workspace, a failed migration, no template in a build that did not
 * package one) goes through Flyway as before. The workbench always opens through Spring's Flyway,
 * which also validates the applied migrations' checksums.
 */
public final class SchemaTemplate {

    /** The template in the jar. */
    static final String RESOURCE = "db-template/workbench.mv.db";

    /** The versions of the H2 migrations in {@code db/migration/h2} ({@code SchemaTemplateTest} compares them). */
    static final Set<String> H2_VERSIONS = Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "13");

    private SchemaTemplate() {
    }

    /**
     * Copies the template to this workspace's H2 database file when there is none yet (through a
     * temporary file: a copy is whole or absent). The caller holds the workspace lock. False when
     * there is a database already or no template.
     */
    static boolean copyIfNew(Path workspace) {
        return copyIfNew(workspace, () -> SchemaTemplate.class.getClassLoader().getResourceAsStream(RESOURCE));
    }

    /** As above, with the template's bytes from {@code template} (null: none). */
    static boolean copyIfNew(Path workspace, java.util.function.Supplier<InputStream> template) {
        Path file = workspace.resolve("db").resolve("workbench.mv.db");
        if (Files.exists(file)) {
            return false;
        }
        try (InputStream in = template.get()) {
            if (in == null) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Path part = Files.createTempFile(file.getParent(), "workbench", ".part"); // owner-only, as the workspace's folders
            try {
                try (var out = Files.newOutputStream(part)) {
                    in.transferTo(out);
                }
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the workspace database " + file + ": " + e.getMessage(), e);
        }
    }

    /** After a copy: the schema history says when this workspace got its schema, not when the jar was built. */
    static void stampCopy(DataSource ds) {
        new JdbcTemplate(ds).update("UPDATE \"flyway_schema_history\" SET \"installed_on\" = CURRENT_TIMESTAMP");
    }

    /** Whether every migration of the jar is applied, and none failed: Flyway would do nothing. */
    static boolean isCurrent(DataSource ds) {
        List<String> applied = new ArrayList<>();
        try {
            new JdbcTemplate(ds).query("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL",
                    rs -> {
                        applied.add(rs.getBoolean(2) ? rs.getString(1) : "failed " + rs.getString(1));
                    });
        } catch (org.springframework.dao.DataAccessException e) {
            return false; // no schema history yet
        }
        return new TreeSet<>(applied).equals(new TreeSet<>(H2_VERSIONS)) && applied.size() == H2_VERSIONS.size();
    }

    /** The build's step: migrates a new H2 database and moves its file to {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]).toAbsolutePath();
        Path dir = Files.createTempDirectory("recprompt-template");
        try {
            java.sql.Driver h2; // the driver itself: DriverManager does not see a build plugin's class loader
            try {
                h2 = (java.sql.Driver) Class.forName("org.h2.Driver", true, SchemaTemplate.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the H2 driver is not on the class path", e);
            }
            DataSource ds = new org.springframework.jdbc.datasource.SimpleDriverDataSource(h2,
                    "jdbc:h2:file:" + dir.resolve("workbench"), "sa", "");
            Flyway.configure(SchemaTemplate.class.getClassLoader()).dataSource(ds).locations("classpath:db/migration/h2")
                    .load().migrate();
            if (!isCurrent(ds)) {
                throw new IllegalStateException("the template's schema history does not list " + H2_VERSIONS
                        + ": SchemaTemplate.H2_VERSIONS and db/migration/h2 differ");
            }
            new JdbcTemplate(ds).execute("SHUTDOWN COMPACT");
            Files.createDirectories(out.getParent());
            Files.move(dir.resolve("workbench.mv.db"), out, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (var left = Files.list(dir)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
