package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class SchemaTemplateTest {

    @TempDir
    Path dir;

    @Test
    void theVersionsItChecksAreTheMigrationsTheJarHolds() throws Exception {
        try (var files = Files.list(Path.of("src/main/resources/db/migration/h2"))) {
            Set<String> versions = files.map(f -> f.getFileName().toString())
                    .map(n -> n.substring(1, n.indexOf("__"))).collect(Collectors.toSet());
            assertThat(SchemaTemplate.H2_VERSIONS).isEqualTo(versions);
        }
    }

    @Test
    void aWorkspaceMadeFromTheTemplateHasTheWholeSchemaAndAFreshHistory() throws Exception {
        Path template = dir.resolve("template.mv.db");
        SchemaTemplate.main(new String[] {template.toString()});
        Path ws = dir.resolve("ws");
        Files.createDirectories(ws.resolve("db"));
        Files.copy(template, ws.resolve("db/workbench.mv.db"));
        long before = System.currentTimeMillis() - 1000;

        try (WorkspaceDatabase db = WorkspaceDatabase.open(ws)) {
            assertThat(SchemaTemplate.isCurrent(db.dataSource())).isTrue();
            JdbcTemplate jdbc = db.jdbc();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM response_cache", Integer.class)).isZero();
            SchemaTemplate.stampCopy(db.dataSource());
            assertThat(jdbc.queryForObject("SELECT MIN(\"installed_on\") FROM \"flyway_schema_history\"", java.sql.Timestamp.class)
                    .getTime()).as("the history dates from the copy").isGreaterThanOrEqualTo(before);
        }
    }

    @Test
    void aCopyIsWholeReadableByItsOwnerOnlyAndNeverReplacesADatabase() throws Exception {
        Path template = dir.resolve("template.mv.db");
        SchemaTemplate.main(new String[] {template.toString()});
        java.util.function.Supplier<java.io.InputStream> bytes = () -> {
            try {
                return java.nio.file.Files.newInputStream(template);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        Path ws = dir.resolve("ws");
        assertThat(SchemaTemplate.copyIfNew(ws, bytes)).isTrue();
        Path file = ws.resolve("db/workbench.mv.db");
        assertThat(java.nio.file.Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(SchemaTemplate.copyIfNew(ws, bytes)).as("never over an existing database").isFalse();
        assertThat(SchemaTemplate.copyIfNew(dir.resolve("other"), () -> null)).as("no template in this build").isFalse();
        try (var left = java.nio.file.Files.list(ws.resolve("db"))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("workbench.mv.db");
        }
    }

    @Test
    void aSchemaWithAMissingOrFailedMigrationIsNotCurrentAndFlywayMendsIt() throws Exception {
        Path ws = dir.resolve("ws");
        try (WorkspaceDatabase db = WorkspaceDatabase.open(ws)) { // an empty database: migrated by Flyway
            assertThat(SchemaTemplate.isCurrent(db.dataSource())).isTrue();
            db.jdbc().update("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '13'");
            assertThat(SchemaTemplate.isCurrent(db.dataSource())).as("the latest migration is missing").isFalse();
        }
        try (WorkspaceDatabase db = WorkspaceDatabase.open(ws)) {
            assertThat(SchemaTemplate.isCurrent(db.dataSource())).as("Flyway applied it again").isTrue();
            db.jdbc().update("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '2'");
            assertThat(SchemaTemplate.isCurrent(db.dataSource())).as("a failed migration").isFalse();
        }
        assertThat(SchemaTemplate.isCurrent(new org.springframework.jdbc.datasource.SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:empty", "sa", ""))).as("no history at all").isFalse();
    }
}
