package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.experiment.ExperimentSpec.SplitSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code split: { method: predefined, train, test, valid }}: read, written, checked, and run. */
class PredefinedSplitExperimentTest extends InProcessCli {

    static final String YAML = """
            name: paper
            dataset: { path: data }
            split:
              method: predefined
              train: splits/train.tsv
              test: splits/test.tsv
              valid: splits/valid.tsv
            backends:
              - { id: pop, type: most-popular }
            """;

    @Test
    void the_files_are_read_and_written_back() {
        ExperimentSpec s = ExperimentYaml.read(YAML, "exp.yaml");

        assertThat(s.split()).isEqualTo(SplitSpec.predefined("splits/train.tsv", "splits/test.tsv", "splits/valid.tsv"));
        assertThat(s.split().isPredefined()).isTrue();
        assertThat(ExperimentYaml.read(ExperimentYaml.write(s), "written.yaml")).isEqualTo(s);
        assertThat(ExperimentYaml.read(YAML.replace("  valid: splits/valid.tsv\n", ""), "exp.yaml").split().valid()).isNull();
    }

    @Test
    void problems_name_the_key_and_line() {
        ExperimentException test = catchThrowableOfType(ExperimentException.class,
                () -> ExperimentYaml.read(YAML.replace("  test: splits/test.tsv\n", ""), "exp.yaml"));
        assertThat(test.key()).isEqualTo("split.test");
        assertThat(test.problem()).contains("required");

        ExperimentException n = catchThrowableOfType(ExperimentException.class,
                () -> ExperimentYaml.read(YAML.replace("  method: predefined\n", "  method: predefined\n  n: 2\n"), "exp.yaml"));
        assertThat(n.key()).isEqualTo("split.n");
        assertThat(n.line()).isEqualTo(5);
        assertThat(n.problem()).contains("does not apply to a predefined split");

        ExperimentException train = catchThrowableOfType(ExperimentException.class,
                () -> ExperimentYaml.read(YAML.replace("method: predefined", "method: leave-last-out"), "exp.yaml"));
        assertThat(train.key()).isEqualTo("split.train");
        assertThat(train.line()).isEqualTo(5);
        assertThat(train.problem()).contains("method: predefined");

        ExperimentException scalar = catchThrowableOfType(ExperimentException.class,
                () -> ExperimentYaml.read(YAML.replaceAll("(?s)split:.*?valid.tsv\n", "split: predefined\n"), "exp.yaml"));
        assertThat(scalar.key()).isEqualTo("split");
        assertThat(scalar.problem()).contains("train: FILE, test: FILE");
    }

    @Test
    void a_missing_file_is_named_with_its_key_when_the_experiment_is_loaded() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 4);
        Path exp = dir.resolve("exp.yaml");
        Files.createDirectories(dir.resolve("splits"));
        Files.writeString(dir.resolve("splits/train.tsv"), "1\t1\n");
        Files.writeString(exp, YAML.replace("path: data", "path: " + data.toAbsolutePath()));

        ExperimentException e = catchThrowableOfType(ExperimentException.class, () -> ExperimentFile.load(exp, dir));

        assertThat(e.key()).isEqualTo("split.test");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.problem()).contains("no split file at " + dir.resolve("splits/test.tsv"));
    }

    /**
     * Users 1-5 of a 20-user dataset, each with 12 ratings: the first 10 train, the 11th validation, the
     * 12th test. The run evaluates those 5 users only, and summary.json names the split.
     */
    @Test
    void a_run_evaluates_the_test_files_users_and_records_the_split() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 20);
        List<String> ratings = Files.readAllLines(data.resolve("ratings.csv"));
        List<String> train = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int u = 1; u <= 5; u++) {
            int k = 0;
            for (String line : ratings.subList(1, ratings.size())) {
                String[] f = line.split(",");
                if (f[0].equals(String.valueOf(u))) {
                    String row = f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + f[3];
                    (k < 10 ? train : k == 10 ? valid : test).add(row);
                    k++;
                }
            }
        }
        Path splits = Files.createDirectories(dir.resolve("splits"));
        Files.write(splits.resolve("train.tsv"), train);
        Files.write(splits.resolve("valid.tsv"), valid);
        Files.write(splits.resolve("test.tsv"), test);
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, YAML.replace("path: data", "path: " + data.toAbsolutePath()) + "k: [5]\n");

        int code = run("run", exp.toString(), "--out", dir.resolve("out").toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        assertThat(summary.at("/split/method").asText()).isEqualTo("predefined(train.tsv, test.tsv, valid.tsv as history)");
        assertThat(summary.at("/split/test_interactions").asInt()).isEqualTo(5);
        assertThat(summary.at("/users/evaluated").asInt()).isEqualTo(5);
        assertThat(summary.at("/split/order").asText()).isEqualTo("time");
        assertThat(summary.at("/split/files/valid/file").asText()).isEqualTo("valid.tsv");
        assertThat(summary.at("/split/files/test/sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
                org.recprompt.base.Hashes.sha256(Files.readAllBytes(splits.resolve("test.tsv")))));
    }

    @Test
    void an_id_missing_from_the_dataset_names_the_split_file_key() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 4);
        Path splits = Files.createDirectories(dir.resolve("splits"));
        Files.writeString(splits.resolve("train.tsv"), "1\t1\n");
        Files.writeString(splits.resolve("valid.tsv"), "1\t2\n");
        Files.writeString(splits.resolve("test.tsv"), "1\t3\n77\t3\n");
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, YAML.replace("path: data", "path: " + data.toAbsolutePath()));

        int code = run("run", exp.toString(), "--out", dir.resolve("out").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("split.test").contains("test.tsv line 2: user 77 is not in the dataset");
    }
}
