package org.recprompt;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The workbench database contract on PostgreSQL: the whole Spring context (Flyway's postgresql migrations,
 * Hibernate's validation of every entity) on a database of the test's own.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = "jdbc:postgresql:.*",
        disabledReason = "PostgreSQL test skipped: set RECPROMPT_TEST_DB_URL (and RECPROMPT_TEST_DB_USER,"
                + " RECPROMPT_TEST_DB_PASSWORD); .ci/run starts Debian's postgresql and sets them")
@DirtiesContext
class PostgresWorkbenchDatabaseTest extends WorkbenchDatabaseContract {

    private static PostgresTestDatabase database;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws Exception {
        database = PostgresTestDatabase.create();
        Path workspace = Files.createTempDirectory("recprompt-pg-ws");
        registry.add("recprompt.workspace", workspace::toString);
        registry.add("recprompt.sample-project", () -> "false");
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", () -> database.settings().user());
        registry.add("spring.datasource.password", () -> database.settings().password());
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }
}
