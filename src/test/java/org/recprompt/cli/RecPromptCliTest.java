package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;

class RecPromptCliTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void help_lists_the_commands_and_exits_0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: recprompt", "Commands:", "workspace", "help", "RECPROMPT_WORKSPACE");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void every_command_has_its_own_help() {
        assertThat(run("workspace", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: recprompt workspace", "--json");
    }

    @Test
    void version_names_the_application_and_exits_0() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("RecPrompt Workbench ").contains("Java 17");
    }

    @Test
    void an_unknown_command_is_a_usage_error_with_exit_2_and_no_stack_trace() {
        assertThat(run("bogus")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("'bogus'", "Run 'recprompt --help' for usage.").doesNotContain("\tat ");
        assertThat(run()).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("No command given.");
        assertThat(run("workspace", "--nope")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("recprompt workspace: Unknown option: '--nope'");
    }

    @Test
    void a_command_line_that_names_a_command_builds_only_that_command() {
        CommandLine cli = RecPromptCli.newCommandLine(new PrintWriter(out), new PrintWriter(err), "--verbose", "run", "exp.yaml", "--out", "x");
        assertThat(cli.getSubcommands().keySet()).containsExactlyInAnyOrder("help", "run");
        assertThat(RecPromptCli.newCommandLine(new PrintWriter(out), new PrintWriter(err), "dataset", "stats")
                .getSubcommands().keySet()).containsExactlyInAnyOrder("help", "dataset");
    }

    @Test
    void without_a_known_command_word_every_command_is_there() {
        java.util.Set<String> all = RecPromptCli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).getSubcommands().keySet();
        assertThat(all).contains("help", "workspace", "dataset", "render", "ground", "run", "worker", "metrics", "bench", "report", "egress");
        assertThat(all).hasSize(RecPromptCli.commands().size() + 1);
        assertThat(RecPromptCli.newCommandLine(new PrintWriter(out), new PrintWriter(err), "help", "run").getSubcommands().keySet())
                .isEqualTo(all);
        assertThat(RecPromptCli.newCommandLine(new PrintWriter(out), new PrintWriter(err), "runn").getSubcommands().keySet())
                .isEqualTo(all);
    }

    @Command(name = "explode")
    static class Explode implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("The file ratings.csv has no header\nsecond line");
        }
    }

    @Test
    void a_failing_command_exits_1_with_one_sentence_and_a_stack_trace_only_when_verbose() {
        CommandLine cli = RecPromptCli.newCommandLine(new PrintWriter(out), new PrintWriter(err));
        cli.addSubcommand(new Explode());
        assertThat(RecPromptCli.execute(cli, new String[] {"explode"})).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).isEqualTo("recprompt: The file ratings.csv has no header." + System.lineSeparator());

        StringWriter verboseErr = new StringWriter();
        CommandLine verbose = RecPromptCli.newCommandLine(new PrintWriter(out), new PrintWriter(verboseErr));
        verbose.addSubcommand(new Explode());
        assertThat(RecPromptCli.execute(verbose, new String[] {"explode", "--verbose"})).isEqualTo(ExitCode.FAILURE);
        assertThat(verboseErr.toString()).contains("IllegalStateException", "\tat ");
    }

    @Test
    void only_spring_style_properties_or_nothing_start_the_workbench() {
        assertThat(RecPromptCli.isCommand(new String[0])).isFalse();
        assertThat(RecPromptCli.isCommand(new String[] {"--server.port=9090", "--recprompt.workspace=/tmp/w"})).isFalse();
        assertThat(RecPromptCli.isCommand(new String[] {"--help"})).isTrue();
        assertThat(RecPromptCli.isCommand(new String[] {"--server.port=9090", "dataset"})).isTrue();
    }

    @Test
    void workspace_reports_the_folder_from_the_environment_as_json() {
        assertThat(run("workspace", "--json")).isZero();
        assertThat(out.toString()).startsWith("{\"workspace\": \"").contains("\"in_use\": ");
        if (System.getenv("RECPROMPT_DB_URL") == null) {
            assertThat(out.toString()).as("H2 in the workspace without RECPROMPT_DB_URL").containsPattern("\"database\": \"H2 in .*db\"");
        }
    }
}
