package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recprompt.cli.RecPromptCli;

/**
 * Renders of shipped templates for real ml-latest-small users, compared character for character
 * with golden files in src/test/resources/golden. The goldens were made once with
 * {@code java -jar target/recprompt.jar render ...} (the arguments below) and checked by hand and
 * by an independent script against ratings.csv and movies.csv: the histories are the users'
 * ratings in time order without the last one, the last one is among the candidates, the other
 * candidates are movies the user never rated, and each few-shot example is another user's
 * training history with its last item as the answer. A template change that alters a rendering
 * must come with new goldens.
 */
class GoldenTemplatesTest {

    static Stream<Arguments> goldens() {
        return Stream.of(
                Arguments.of("candidate-ranking-278.txt", "candidate-ranking", "278", List.of("--seed", "7")),
                Arguments.of("pairwise-na-610-examples-2.txt", "pairwise-na", "610", List.of("--examples", "2")),
                Arguments.of("nir-three-step-278.txt", "nir-three-step", "278", List.of()),
                Arguments.of("m6rec-scoring-278.txt", "m6rec-scoring", "278", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void the_render_command_reproduces_the_golden_file(String golden, String template, String user, List<String> extra)
            throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(ShippedTemplatesTest.ML_LATEST_SMALL),
                () -> "Skipped: the shared dataset " + ShippedTemplatesTest.ML_LATEST_SMALL.toAbsolutePath().normalize()
                        + " is not present");
        List<String> args = new ArrayList<>(List.of("render", "--dataset", ShippedTemplatesTest.ML_LATEST_SMALL.toString(),
                "--template", ShippedTemplatesTest.TEMPLATES.resolve(template + ".mustache").toString(), "--user", user));
        args.addAll(extra);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RecPromptCli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo(read(golden));
    }

    static String read(String golden) throws IOException {
        try (InputStream in = GoldenTemplatesTest.class.getResourceAsStream("/golden/" + golden)) {
            assertThat(in).as("golden file %s", golden).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
