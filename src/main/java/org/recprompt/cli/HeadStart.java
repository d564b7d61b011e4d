package org.recprompt.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.recprompt.workspace.DatabaseSettings;
import org.recprompt.workspace.WorkspaceDatabase;
import org.recprompt.workspace.WorkspaceLocation;
import org.recprompt.workspace.WorkspaceLockedException;

/**
 * Opens the workspace database of a tuned {@code run} ({@link TunedJvm}) the moment its JVM
 * starts, on a second thread, while the first one still reads the command line and the experiment.
 * A run whose backends are LLMs needs the database for its response cache; it used to open it once
 * the experiment was read, so for the first half second the machine's second core had little to do,
 * and afterwards the database's migration competed with the dataset's loading. The run takes this
 * opening ({@link #database}) instead of starting its own: the same call, begun earlier, with the
 * same outcome (an open database, or the same failure, which the run reports as it always did).
 *
 * <p>Only where the run is certain to open that database: {@code TunedJvm} asks for it
 * ({@value #PROPERTY}) when the experiment names an LLM backend and the command line has neither
 * {@code --no-cache} nor {@code --workers}. A run that stops before it needs the database (a usage
 * error) leaves it to the process's exit, which closes it.
 */
public final class HeadStart {

    /** The system property, set by {@link TunedJvm} on the tuned JVM's command line, that asks for the head start. */
    static final String PROPERTY = "recprompt.headStart";
    static final String DATABASE = "database";

    private static volatile Opening opening;

    private record Opening(Path workspace, CompletableFuture<WorkspaceDatabase> database) {
    }

    private HeadStart() {
    }

    /** At the process's entry: begins what {@value #PROPERTY} asks for, if anything. */
    public static void begin() {
        if (DATABASE.equals(System.getProperty(PROPERTY))) {
            begin(WorkspaceLocation.resolve(new String[0], System.getenv()));
        }
    }

    /**
     * Begins opening this workspace's database. Its thread sets up the libraries' logging first
     * ({@link RecPromptCli#quietLibraryLogging}): SLF4J hands a thread that logs while another one
     * initializes it a stand-in logger, and prints a warning among the command's output when it
     * replays what that logger caught (the pool's first messages, logged while the command line
     * was being read).
     */
    static synchronized void begin(Path workspace) {
        opening = new Opening(workspace, openDatabase(workspace, null, RecPromptCli::quietLibraryLogging));
    }

    /**
     * The database opening begun at the entry for this workspace, handed over once (the caller owns
     * the database); empty when none was begun, or for another workspace.
     */
    static synchronized Optional<CompletableFuture<WorkspaceDatabase>> database(Path workspace) {
        Opening o = opening;
        if (o == null || !o.workspace().equals(workspace)) {
            return Optional.empty();
        }
        opening = null;
        return Optional.of(o.database());
    }

    /**
     * Opens (and migrates) the workspace database on a thread of its own, which inherits the context
     * class loader that finds the H2 driver. {@code shared}, when not null, is the database of a run
     * on workers: the workspace lock is then taken shared, as the workers take it. A lock held by
     * another process completes the future with a {@link CompletionException} around the
     * {@link WorkspaceLockedException}.
     */
    static CompletableFuture<WorkspaceDatabase> openDatabase(Path workspace, DatabaseSettings shared) {
        return openDatabase(workspace, shared, () -> { });
    }

    private static CompletableFuture<WorkspaceDatabase> openDatabase(Path workspace, DatabaseSettings shared, Runnable first) {
        return CompletableFuture.supplyAsync(() -> {
            first.run();
            try {
                return shared != null ? WorkspaceDatabase.openShared(workspace, shared) : WorkspaceDatabase.open(workspace);
            } catch (WorkspaceLockedException e) {
                throw new CompletionException(e);
            }
        }, org.recprompt.base.OwnThread.named("workspace-open"));
    }
}
