package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.PostgresTestDatabase;

/** A database server that cannot be reached, or refuses the login, is one sentence naming the URL, never the password. */
class DatabaseConnectionCheckTest {

    @TempDir
    Path workspace;

    @Test
    void an_unreachable_server_is_one_sentence_with_the_url_and_no_password() {
        DatabaseSettings settings = new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/group", "lab", "s3cret-pass");

        assertThatThrownBy(settings::checkConnection).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageStartingWith("Cannot connect to the workspace database jdbc:postgresql://127.0.0.1:1/group as user lab: ")
                .hasMessageContaining("refused").hasMessageEndingWith("RECPROMPT_DB_PASSWORD).")
                .hasMessageNotContaining("s3cret-pass");
        assertThatThrownBy(() -> WorkspaceDatabase.open(workspace, settings)).isInstanceOf(DatabaseUnavailableException.class);
        // the workspace lock is released: H2 in the same folder opens
        assertThatCode(() -> WorkspaceDatabase.open(workspace, DatabaseSettings.of(workspace, Map.of())).close())
                .doesNotThrowAnyException();
    }

    @Test
    void a_password_in_the_url_is_masked_wherever_the_url_is_shown() {
        DatabaseSettings settings = new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/group?user=lab&password=s3cret&ssl=true",
                "lab", "");

        assertThat(settings.displayUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:1/group?user=lab&password=***&ssl=true");
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThatThrownBy(settings::checkConnection).hasMessageNotContaining("s3cret");
    }

    @Test
    void a_wrong_password_is_refused_in_one_sentence_without_the_password() {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create()) {
            DatabaseSettings wrong = new DatabaseSettings(pg.url(), pg.settings().user(), "not-the-Password-42");

            assertThatThrownBy(wrong::checkConnection).isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageStartingWith("Cannot connect to the workspace database " + pg.url() + " as user " + pg.settings().user())
                    .hasMessageContaining("password authentication failed").hasMessageNotContaining("not-the-Password-42");
            assertThatCode(pg.settings()::checkConnection).doesNotThrowAnyException();
        }
    }

    @Test
    void h2_in_the_workspace_needs_no_check() {
        assertThatCode(DatabaseSettings.of(workspace, Map.of())::checkConnection).doesNotThrowAnyException();
    }
}
