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
 * trace. Feature commands are added to {@link #commands()} as the features land.
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
     * The commands, in the order {@code --help} lists them (after {@code help}). A method, not a
     * constant: the process's entry asks {@link #isCommand} first, which need not load them all.
     */
    static List<Class<?>> commands() {
        return List.of(WorkspaceCommand.class, DatasetCommand.class, RenderCommand.class,
            org.recprompt.grounding.cli.GroundCommand.class, RunCommand.class, WorkerCommand.class, MetricsCommand.class,
            BenchCommand.class, org.recprompt.report.cli.ReportCommand.class, EgressCommand.class);
    }

    /**
     * New instances of the commands for a command line: every command, or only the one these
     * arguments name. New instances every time, because picocli takes an option's default from the
     * field's current value, so a reused instance would carry one run's options (say --json) into
     * the next run in the same JVM. A command line that names a command gets that command alone
     * (and {@code help}): picocli builds a command's model by reflection over its options and
     * subcommands, and some commands set up libraries when their class loads, which for all ten took
     * about a third of a second of a {@code run}'s start. Without a command word, or with a word
     * that names none, every command is there, for the usage message and picocli's suggestions.
     */
    static Object[] subcommands(String... args) {
        List<Class<?>> chosen = named(args).map(List::<Class<?>>of).orElseGet(RecPromptCli::commands);
        List<Object> commands = new java.util.ArrayList<>();
        commands.add(new CommandLine.HelpCommand());
        for (Class<?> c : chosen) {
            try {
                commands.add(CommandLine.defaultFactory().create(c));
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the command " + c.getName(), e);
            }
        }
        return commands.toArray();
    }

    /** The command the first word of these arguments that is not an option names, by its name or an alias. */
    static java.util.Optional<Class<?>> named(String... args) {
        String word = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        if (word == null) {
            return java.util.Optional.empty();
        }
        for (Class<?> c : commands()) {
            Command command = c.getAnnotation(Command.class);
            if (command != null && (command.name().equals(word) || Arrays.asList(command.aliases()).contains(word))) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
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
        return execute(newCommandLine(out, err, args), args);
    }

    /**
     * Headless commands print their own output: libraries that log through SLF4J (Flyway, Hikari,
     * langchain4j) log warnings and errors only, so nothing chatty lands among a command's output.
     */
    static synchronized void quietLibraryLogging() {
        // synchronized: a tuned run's database thread (HeadStart) calls this too, and the second caller waits
        // for the first one's SLF4J initialization instead of getting SLF4J's stand-in loggers
        if (quiet) {
            return;
        }
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        quiet = true;
    }

    private static boolean quiet;

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

    /** The command line for these arguments: every command, or only the one they name ({@link #subcommands}). */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new RecPromptCli());
        for (Object sub : subcommands(args)) {
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
