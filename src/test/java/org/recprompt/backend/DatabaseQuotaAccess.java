package org.recprompt.backend;

import java.util.List;

import javax.sql.DataSource;

import org.recprompt.backend.adapter.ProviderConfig;

/** For tests in other packages: a backend's shared budget in a given database, as {@link DatabaseQuota#attach} makes it. */
public final class DatabaseQuotaAccess {

    private DatabaseQuotaAccess() {
    }

    public static SharedQuota forBackend(DataSource db, ProviderConfig config) {
        return new DatabaseQuota(db, DatabaseQuota.key(config, List.of(), v -> null), DatabaseQuota.description(config, List.of()));
    }
}
