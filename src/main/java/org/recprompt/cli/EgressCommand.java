package org.recprompt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.EgressLog;
import org.recprompt.base.FileTrees;
import org.recprompt.workspace.WorkspaceDatabase;
import org.recprompt.workspace.WorkspaceLocation;
import org.recprompt.workspace.WorkspaceLockedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt egress [--project NAME] [--remote-only] [--out FILE.csv [--force]]}: the workspace's egress
 * log (every request runs and connection tests sent to a language-model server) as CSV, or a
 * summary per endpoint with {@code --summary}. Opens the workspace database, so it refuses to run
 * beside a workbench on the same workspace (the workbench shows the same log: a project's
 * "Egress log...").
 */
@Command(name = "egress", mixinStandardHelpOptions = true,
        description = {"Export the workspace's egress log: every request sent to an LLM server (time, project, run, variant,",
            "backend, provider, endpoint, bytes sent, remote, users, status) as CSV. Keys and headers are never logged."})
final class EgressCommand implements Callable<Integer> {

    @Option(names = "--project", paramLabel = "NAME", description = "Only this project's requests (by name).")
    String project;

    @Option(names = "--remote-only", description = "Only requests to endpoints off this machine.")
    boolean remoteOnly;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV here instead of standard output.")
    Path out;

    @Option(names = "--force", description = "Replace the --out file if it exists (without it an existing file is refused).")
    boolean force;

    @Option(names = "--summary", description = "Print requests, bytes and users per backend and endpoint instead of every request.")
    boolean summary;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path workspace = WorkspaceLocation.resolve(new String[0], System.getenv());
        if (out != null && !force && java.nio.file.Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            spec.commandLine().getErr().println("egress: " + out + " already exists; choose another file, or add --force to replace it.");
            return ExitCode.USAGE;
        }
        List<EgressEvent> events;
        try (WorkspaceDatabase db = WorkspaceDatabase.open(workspace)) {
            events = new EgressLog(db.jdbc()).list(project, remoteOnly, 0);
        } catch (WorkspaceLockedException e) {
            spec.commandLine().getErr().println("egress: " + e.getMessage());
            return ExitCode.FAILURE;
        }
        var stdout = spec.commandLine().getOut();
        if (summary) {
            var groups = new java.util.LinkedHashMap<String, long[]>();
            var users = new java.util.HashMap<String, java.util.Set<String>>();
            for (EgressEvent e : events) {
                String key = e.backend() + "\t" + e.endpoint() + "\t" + (e.remote() ? "remote" : "local");
                long[] g = groups.computeIfAbsent(key, k -> new long[2]);
                g[0]++;
                g[1] += e.bytesSent();
                users.computeIfAbsent(key, k -> new java.util.HashSet<>()).addAll(e.users());
            }
            stdout.printf(Locale.ROOT, "%-16s %-48s %-7s %9s %14s %7s%n", "backend", "endpoint", "where", "requests", "bytes sent", "users");
            groups.forEach((k, g) -> {
                String[] p = k.split("\t");
                stdout.printf(Locale.ROOT, "%-16s %-48s %-7s %,9d %,14d %,7d%n", p[0], p[1], p[2], g[0], g[1], users.get(k).size());
            });
            return ExitCode.OK;
        }
        String csv = EgressLog.csv(events);
        if (out == null) {
            stdout.print(csv);
        } else {
            FileTrees.writeAtomically(out, csv);
            stdout.printf(Locale.ROOT, "Wrote %,d requests to %s.%n", events.size(), out);
        }
        return ExitCode.OK;
    }
}
