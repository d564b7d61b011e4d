package org.recprompt.workspace;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

/**
 * Makes the workbench's database its {@link SharedDatabase} when it is a database server
 * ({@code RECPROMPT_DB_URL} names PostgreSQL): the runs it starts then hold their run folders by a
 * lease other processes see, and its backends share one per-minute quota budget with them.
 */
@Component
class SharedDatabaseInstaller {

    private final SharedDatabase shared;

    SharedDatabaseInstaller(DataSource dataSource, WorkspaceSettings settings, @Value("${spring.datasource.url}") String url) {
        this.shared = new DatabaseSettings(url, "", "").shared()
                ? SharedDatabase.install(new SharedDatabase(settings.workspace(), dataSource)) : null;
    }

    @PreDestroy
    void close() {
        if (shared != null) {
            SharedDatabase.uninstall(shared);
        }
    }
}
