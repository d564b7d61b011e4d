package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.Application;
import org.recprompt.PostgresTestDatabase;

/**
 * A headless {@code run} on a workspace whose database is PostgreSQL (RECPROMPT_DB_URL/USER/PASSWORD in the
 * command's environment, as a user sets them): the answers and the egress log land in PostgreSQL, and the second
 * run of the same experiment is served from the response cache there, sending nothing.
 */
class PostgresRunCacheTest {

    @TempDir
    Path dir;

    @Test
    void a_second_run_on_postgresql_is_answered_from_the_cache() throws Exception {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create(); var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 12),
                    ExperimentFixtures.template(dir, "ranking"), 12,
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: test-model, remote: true }");

            Result first = run(pg, "run", exp.toString(), "--out", dir.resolve("first").toString(), "--quiet");
            assertThat(first.code).as(first.output).isZero();
            assertThat(server.total.get()).isEqualTo(12);
            assertThat(count(pg, "SELECT COUNT(*) FROM response_cache")).isEqualTo(12);
            assertThat(count(pg, "SELECT COUNT(*) FROM egress_log WHERE remote AND status = 200")).isEqualTo(12);

            Result second = run(pg, "run", exp.toString(), "--out", dir.resolve("second").toString(), "--quiet");
            assertThat(second.code).as(second.output).isZero();
            assertThat(server.total.get()).as("every answer came from the cache in PostgreSQL").isEqualTo(12);
            assertThat(count(pg, "SELECT COUNT(*) FROM egress_log")).isEqualTo(12);
            assertThat(Files.readString(dir.resolve("second/egress.jsonl"))).isEmpty();
            assertThat(Files.exists(dir.resolve("ws/db/workbench.mv.db"))).as("no H2 database beside the PostgreSQL one").isFalse();
        }
    }

    record Result(int code, String output) {
    }

    /** The command in a JVM of its own, as {@code java -jar recprompt.jar ...} with the database variables set. */
    private Result run(PostgresTestDatabase pg, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Application.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile());
        pb.environment().putAll(pg.environment());
        pb.environment().put("RECPROMPT_WORKSPACE", dir.resolve("ws").toString());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("run did not end within 180 s: " + Files.readString(dir.resolve("output.txt")));
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("output.txt")));
    }

    private static long count(PostgresTestDatabase pg, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.url(), pg.settings().user(), pg.settings().password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
