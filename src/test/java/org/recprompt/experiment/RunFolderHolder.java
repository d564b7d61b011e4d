package org.recprompt.experiment;

import java.nio.file.Path;
import java.time.Duration;

import org.recprompt.workspace.SharedDatabase;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A child JVM for {@link RunFolderLockPostgresTest}: takes a run folder's lock on a shared database
 * (lease time to live in seconds as given), says "HELD" on its standard output and waits to be killed.
 * Arguments: workspace, run folder, JDBC URL, user, password, seconds.
 */
final class RunFolderHolder {

    private RunFolderHolder() {
    }

    public static void main(String[] args) throws Exception {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(args[2]);
        ds.setUsername(args[3]);
        ds.setPassword(args[4]);
        ds.setMaximumPoolSize(2);
        SharedDatabase.install(new SharedDatabase(Path.of(args[0]), ds));
        RunFolderLock lock = RunFolderLock.acquire(Path.of(args[1]), Duration.ofSeconds(Long.parseLong(args[5])));
        System.out.println(lock.isHeld() ? "HELD" : "NOT HELD");
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
}
