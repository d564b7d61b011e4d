package org.recprompt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.recprompt.workspace.DatabaseSettings;
import org.recprompt.workspace.WorkspaceLocation;
import org.recprompt.workspace.WorkspaceLock;
import org.recprompt.workspace.WorkspaceLockedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recprompt workspace}: where the workspace is and whether a workbench is using it. */
@Command(name = "workspace", mixinStandardHelpOptions = true,
        description = "Show the workspace folder, whether a running workbench holds it, and its database.")
final class WorkspaceCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print a JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path workspace = WorkspaceLocation.resolve(new String[0], System.getenv());
        boolean exists = Files.isDirectory(workspace);
        String inUse = "no";
        if (exists) {
            try (WorkspaceLock lock = WorkspaceLock.acquire(workspace)) {
                inUse = "no";
            } catch (WorkspaceLockedException e) {
                inUse = "yes";
            }
        }
        DatabaseSettings settings = DatabaseSettings.of(workspace, System.getenv());
        String database = settings.shared() ? "PostgreSQL " + settings.displayUrl() : "H2 in " + workspace.resolve("db");
        var out = spec.commandLine().getOut();
        if (json) {
            out.printf("{\"workspace\": \"%s\", \"exists\": %b, \"in_use\": %b, \"database\": \"%s\"}%n",
                    escape(workspace.toString()), exists, inUse.equals("yes"), escape(database));
        } else {
            out.println("workspace: " + workspace);
            out.println("exists:    " + (exists ? "yes" : "no (created when the workbench first starts)"));
            out.println("in use:    " + inUse);
            out.println("database:  " + database);
        }
        return ExitCode.OK;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
