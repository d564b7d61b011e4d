package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * docs/REPRODUCE.md runs as written: every {@code java -jar target/recprompt.jar ...} line of its
 * {@code sh} blocks is run in order (from the repository's root, as the guide says), must exit 0,
 * and every line of the {@code text} block that follows must appear in what the block printed or
 * in a file one of its commands wrote with {@code --out} (whitespace runs compared as one space).
 */
class ReproduceGuideTest {

    private static final String PREFIX = "java -jar target/recprompt.jar ";

    record Step(List<String> commands, List<String> expected) {
    }

    static List<Step> steps(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        List<String> commands = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.equals("```sh")) {
                commands = new ArrayList<>();
                while (!lines.get(++n).strip().equals("```")) {
                    if (lines.get(n).startsWith(PREFIX)) {
                        commands.add(lines.get(n).substring(PREFIX.length()).strip());
                    }
                }
                steps.add(new Step(commands, new ArrayList<>()));
            } else if (line.equals("```text") && commands != null) {
                List<String> expected = steps.get(steps.size() - 1).expected();
                while (!lines.get(++n).strip().equals("```")) {
                    if (!lines.get(n).isBlank()) {
                        expected.add(squeeze(lines.get(n)));
                    }
                }
                commands = null;
            }
        }
        return steps;
    }

    static String squeeze(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    @Test
    void everyCommandOfTheGuideRunsAndPrintsTheNumbersItShows() throws Exception {
        Path guide = Path.of("docs/REPRODUCE.md");
        List<Step> steps = steps(Files.readAllLines(guide));
        assertThat(steps).as("the guide's command blocks").hasSizeGreaterThanOrEqualTo(5);
        deleteTree(Path.of("target/reproduce"));
        int checked = 0;
        for (Step step : steps) {
            StringBuilder printed = new StringBuilder();
            for (String command : step.commands()) {
                String[] args = command.split("\\s+");
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
                assertThat(code).as(command + "\n" + err).isZero();
                printed.append(out).append('\n');
                int o = Arrays.asList(args).indexOf("--out");
                if (o >= 0 && Files.isRegularFile(Path.of(args[o + 1]))) {
                    printed.append(Files.readString(Path.of(args[o + 1]))).append('\n');
                }
            }
            String all = squeeze(printed.toString().replace('\n', ' '));
            for (String line : step.expected()) {
                assertThat(all).as("after " + step.commands()).contains(line);
                checked++;
            }
        }
        assertThat(checked).as("lines of expected output checked").isGreaterThanOrEqualTo(15);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
