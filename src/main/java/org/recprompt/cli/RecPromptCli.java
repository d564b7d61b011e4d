package org.recprompt.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.recprompt.dataset.cli.DatasetCommand;
import org.recprompt.prompt.cli.RenderCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The headless command line: {@code java -jar recprompt.jar COMMAND ...}. Exit codes: 0 success,
 * 1 failure, 2 usage error. Errors go to stderr as one sentence; {@code --verbose} adds the stack
 * trace. Feature commands are added to {@link #subcommands()} as the features land.
 */
@Command(name = "recprompt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "RecPrompt Workbench: study large language models as recommenders.",
            "Run the jar with no arguments to start the web workbench (port 8080, or SERVER_PORT);",
            "give a command to run it headless."},
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  RECPROMPT_WORKSPACE  the workspace folder (default ~/recprompt-workspace)",
            "  SERVER_PORT          the workbench's port (default 8080)",
            "",
            "Exit codes: 0 success, 1 failure, 2 usage error. 'recprompt COMMAND --help' describes a command."})
public final class RecPromptCli implements Callable<Integer> {

    /**
     * The commands, in the order {@code --help} lists them: new instances for every command line,
     * because picocli takes an option's default from the field's current value, so a reused
     * instance would carry one run's options (say --json) into the next run in the same JVM.
     */
    static Object[] subcommands() {
        return new Object[] {new CommandLine.HelpCommand(), new WorkspaceCommand(), new DatasetCommand(),
            new RenderCommand(), new org.recprompt.grounding.cli.GroundCommand(), new RunCommand(), new WorkerCommand(), new MetricsCommand(), new BenchCommand(),
            new org.recprompt.report.cli.ReportCommand(), new EgressCommand()};
    }

    private static final Pattern SPRING_PROPERTY = Pattern.compile("--[A-Za-z0-9_.\\[\\]-]+=.*");

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "No command given.");
    }

    /**
     * Whether these program arguments name a headless command. No arguments, or only Spring-style
     * {@code --key=value} properties such as {@code --server.port=9090}, start the workbench.
     */
    public static boolean isCommand(String[] args) {
        return Arrays.stream(args).anyMatch(a -> !SPRING_PROPERTY.matcher(a).matches());
    }

    /** Runs a command with the process's standard streams and returns the exit code. */
    public static int run(String[] args) {
        JitTuning.forCommand(args);
        quietLibraryLogging();
        int code = run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        stopHttpSelectors();
        return code;
    }

    /** The JDK HTTP client's selector threads ({@code HttpClient-N-SelectorManager}, JDK 11 to 21). */
    private static final Pattern HTTP_SELECTOR = Pattern.compile("HttpClient-\\d+-SelectorManager");

    /**
     * Before the process exits: stops the JDK HTTP clients' selector threads. The JVM's exit waits
     * up to 300 ms for every thread that is in native code, and a selector waiting in
     * {@code epoll_wait} is (measured: 340 ms from System.exit to the end of a process with one
     * idle client, 14 ms after interrupting its selector). Java 17's client has no close(); an
     * interrupt ends the selector's loop, which closes the client's connections. Only for a
     * process that ends now: the command has returned.
     */
    static void stopHttpSelectors() {
        List<Thread> selectors = new java.util.ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (HTTP_SELECTOR.matcher(t.getName()).matches()) {
                t.interrupt();
                selectors.add(t);
            }
        }
        for (Thread t : selectors) {
            try {
                t.join(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Runs a command, writing to the given streams, and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return execute(newCommandLine(out, err), args);
    }

    /**
     * Headless commands print their own output: libraries that log through SLF4J (Flyway, Hikari,
     * langchain4j) log warnings and errors only, so nothing chatty lands among a command's output.
     */
    static void quietLibraryLogging() {
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Executes with the workbench's error conventions: one sentence on stderr, exit 1 or 2. */
    static int execute(CommandLine cli, String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            cli.getErr().println("recprompt: " + oneSentence(e));
            if (verbose) {
                cli.getErr().print(org.apache.commons.lang3.exception.ExceptionUtils.getStackTrace(e));
            }
            return ExitCode.FAILURE;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            cli.getErr().println(name + ": " + e.getMessage());
            cli.getErr().println("Run '" + name + " --help' for usage.");
            return ExitCode.USAGE;
        });
        int code = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        return code;
    }

    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new RecPromptCli());
        for (Object sub : subcommands()) {
            cli.addSubcommand(sub);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof ParameterException ? ExitCode.USAGE : ExitCode.FAILURE);
        return cli;
    }

    /** The exception's own message, or its type when it has none; never a stack trace. */
    static String oneSentence(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        String line = message.lines().findFirst().orElse(message);
        return line.endsWith(".") ? line : line + ".";
    }
}
