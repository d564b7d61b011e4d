package org.recprompt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class TunedJvmTest {

    private static final String LLM = """
            name: perf
            dataset: { path: data/ml }
            templates: [ t.mustache ]
            backends:
              - { id: llm, type: openai, baseUrl: "http://127.0.0.1:1/v1", model: m, concurrency: 32 }
              - id: pop
                type: most-popular
            """;

    private static Function<Path, String> file(String text) {
        return p -> p.toString().equals("exp.yaml") ? text : null;
    }

    private static List<String> argv(List<String> options, String... args) {
        List<String> argv = new ArrayList<>(options);
        argv.add("-jar");
        argv.add("/x/recprompt.jar");
        argv.addAll(List.of(args));
        return argv;
    }

    @Test
    void aCallBoundRunStartedWithJarRunsInAJvmWithTheSameOptionsAndArguments() {
        String[] args = {"run", "exp.yaml", "--out", "o"};
        Optional<List<String>> c = TunedJvm.command(args, argv(List.of("-Xmx2g", "-Dx=1"), args), "/jdk/bin/java", file(LLM));
        List<String> expected = new ArrayList<>(List.of("/jdk/bin/java", "-Xmx2g", "-Dx=1"));
        expected.addAll(TunedJvm.FLAGS);
        expected.addAll(List.of("-D" + HeadStart.PROPERTY + "=" + HeadStart.DATABASE, "-D" + TunedJvm.STARTED + "=true",
                "-jar", "/x/recprompt.jar", "run", "exp.yaml", "--out", "o"));
        assertEquals(Optional.of(expected), c);
    }

    @Test
    void theEntryStartsTheTunedJvmWithTheWholeCommandLineHeadStartIncluded() {
        String[] args = {"run", "exp.yaml", "--out", "o"};
        List<List<String>> started = new ArrayList<>();
        OptionalInt code = TunedJvm.runIfTuned(args, Optional.of(new TunedJvm.Self("/jdk/bin/java", argv(List.of("-Xmx2g"), args))),
                file(LLM), c -> {
                    started.add(c);
                    return OptionalInt.of(3);
                });
        assertEquals(OptionalInt.of(3), code, "the tuned JVM's exit code is the process's");
        assertEquals(List.of(TunedJvm.command(args, argv(List.of("-Xmx2g"), args), "/jdk/bin/java", file(LLM)).orElseThrow()), started);
        assertTrue(started.get(0).contains("-D" + HeadStart.PROPERTY + "=" + HeadStart.DATABASE), "the database opens from the start");

        started.clear();
        String[] workbench = {};
        assertEquals(OptionalInt.empty(), TunedJvm.runIfTuned(workbench, Optional.of(new TunedJvm.Self("java", argv(List.of()))),
                file(LLM), c -> {
                    started.add(c);
                    return OptionalInt.of(0);
                }));
        assertEquals(OptionalInt.empty(), TunedJvm.runIfTuned(args, Optional.empty(), file(LLM), c -> {
            started.add(c);
            return OptionalInt.of(0);
        }), "a JVM the tuned JVM started, or an unknown command line, runs the command itself");
        assertTrue(started.isEmpty());
    }

    @Test
    void theDatabaseIsOpenedFromTheStartOnlyWhenTheRunWillOpenIt() {
        assertTrue(TunedJvm.opensDatabase(new String[] {"run", "exp.yaml", "--out", "o"}, file(LLM)));
        assertFalse(TunedJvm.opensDatabase(new String[] {"run", "exp.yaml", "--out", "o", "--no-cache"}, file(LLM)), "no cache, no database");
        assertFalse(TunedJvm.opensDatabase(new String[] {"run", "exp.yaml", "--workers"}, file(LLM)), "workers open a shared database");
        String noLlm = LLM.replace("type: openai, baseUrl: \"http://127.0.0.1:1/v1\", model: m,", "type: random,");
        assertTrue(TunedJvm.isCallBound(noLlm));
        assertFalse(TunedJvm.opensDatabase(new String[] {"run", "exp.yaml"}, file(noLlm)), "rankers only: nothing to cache");
        assertFalse(TunedJvm.opensDatabase(new String[] {"run", "exp.yaml"}, file(LLM.replace("type: openai", "type: replay"))),
                "a replay is not cached");
        String[] args = {"run", "exp.yaml", "--no-cache"};
        assertFalse(TunedJvm.command(args, argv(List.of(), args), "java", file(LLM)).orElseThrow()
                .contains("-D" + HeadStart.PROPERTY + "=" + HeadStart.DATABASE));
    }

    @Test
    void benchBackendRunsInATunedJvmAndOtherBenchmarksDoNot() {
        Function<Path, String> none = p -> null;
        assertTrue(TunedJvm.applies(new String[] {"bench", "backend", "--calls", "100"}, none));
        assertFalse(TunedJvm.applies(new String[] {"bench", "rerank"}, none));
        assertFalse(TunedJvm.applies(new String[] {"bench", "--help"}, none));
        String[] args = {"bench", "backend"};
        assertTrue(TunedJvm.command(args, argv(List.of("-Xmx2g"), args), "java", none).isPresent());
    }

    @Test
    void theExperimentFileIsFoundAfterOptionsThatTakeAValue() {
        assertEquals(Optional.of("exp.yaml"), TunedJvm.experimentFile(new String[] {"run", "--out", "o", "--yes", "exp.yaml"}));
        assertEquals(Optional.of("exp.yaml"), TunedJvm.experimentFile(new String[] {"--quiet", "run", "--confirm-above", "2", "exp.yaml"}));
        assertEquals(Optional.empty(), TunedJvm.experimentFile(new String[] {"metrics", "exp.yaml"}));
        assertEquals(Optional.empty(), TunedJvm.experimentFile(new String[] {"run", "--out", "o"}));
    }

    @Test
    void aRunThatFitsAModelOrNamesAnUnknownTypeStaysInThisJvm() {
        assertTrue(TunedJvm.isCallBound(LLM));
        assertFalse(TunedJvm.isCallBound(LLM + "  - { id: e, type: ease }\n"));
        assertFalse(TunedJvm.isCallBound(LLM.replace("most-popular", "item-knn")));
        assertFalse(TunedJvm.isCallBound(LLM + "  - { id: s, type: semantic }\n"));
        assertFalse(TunedJvm.isCallBound(LLM.replace("type: openai", "type: something-new")));
        assertFalse(TunedJvm.isCallBound("name: x\nbackends: [ { backend: saved } ]\n"), "no type named");
        assertFalse(TunedJvm.isCallBound(null));
        String[] args = {"run", "exp.yaml", "--out", "o"};
        assertEquals(Optional.empty(), TunedJvm.command(args, argv(List.of(), args), "java", file(LLM.replace("most-popular", "ease"))));
    }

    @Test
    void chosenJvmSettingsOtherCommandsAndOtherLaunchesStayInThisJvm() {
        String[] args = {"run", "exp.yaml", "--out", "o"};
        assertEquals(Optional.empty(), TunedJvm.command(args, argv(List.of("-XX:+UseParallelGC"), args), "java", file(LLM)));
        assertEquals(Optional.empty(), TunedJvm.command(args, argv(List.of("-agentlib:jdwp=transport=dt_socket"), args), "java", file(LLM)));
        String[] version = {"--version"};
        assertEquals(Optional.empty(), TunedJvm.command(version, argv(List.of(), version), "java", file(LLM)));
        assertEquals(Optional.empty(), TunedJvm.command(args, List.of("-cp", "classes", "org.recprompt.Application", "run", "exp.yaml",
                "--out", "o"), "java", file(LLM)), "not started with -jar");
        assertEquals(Optional.empty(), TunedJvm.command(args, argv(List.of(), "run", "other.yaml", "--out", "o"), "java", file(LLM)),
                "the JVM's arguments are not this command's");
    }

    @Test
    void aWorkbenchLaunchIsKnownOnlyForAPlainJarCommandLine() {
        String[] none = {};
        assertEquals(Optional.of(new TunedJvm.Launch("java", List.of("-Xmx1g", "-Dx=1"), "/x/recprompt.jar")),
                TunedJvm.launch(none, argv(List.of("-Xmx1g", "-Dx=1")), "java"));
        assertEquals(Optional.empty(), TunedJvm.launch(none, argv(List.of("-XX:+UseParallelGC")), "java"), "JVM settings chosen");
        assertEquals(Optional.empty(), TunedJvm.launch(none, argv(List.of(), "--server.port=1"), "java"), "other arguments");
        assertEquals(List.of("java", "-Xmx1g", "-D" + TunedJvm.STARTED + "=true", "-jar", "/c/app.jar", "--server.port=1"),
                new TunedJvm.Launch("java", List.of(), "/x/recprompt.jar").command(List.of("-Xmx1g"), "/c/app.jar",
                        new String[] {"--server.port=1"}));
    }

    @Test
    void fromACopiedClassPathTheTunedJvmRunsTheApplicationsMainWithTheArchiveWhenThereIsOne() throws Exception {
        String[] args = {"run", "exp.yaml", "--out", "o"};
        List<String> command = TunedJvm.command(args, argv(List.of("-Xmx2g"), args), "/jdk/bin/java", file(LLM)).orElseThrow();
        assertEquals(Optional.of(Path.of("/x/recprompt.jar")), TunedJvm.jarOf(command));
        try (java.nio.channels.FileChannel none = java.nio.channels.FileChannel.open(java.nio.file.Files.createTempFile("lock", ""),
                java.nio.file.StandardOpenOption.DELETE_ON_CLOSE)) {
            TunedClasspath.Prepared plain = new TunedClasspath.Prepared(Path.of("/t/cp-k"), List.of(Path.of("/t/cp-k/app.jar"),
                    Path.of("/t/cp-k/lib/a.jar")), Optional.empty(), none);
            List<String> expected = new ArrayList<>(command.subList(0, command.indexOf("-jar")));
            expected.addAll(List.of("-cp", "/t/cp-k/app.jar" + java.io.File.pathSeparator + "/t/cp-k/lib/a.jar", "org.recprompt.Main",
                    "run", "exp.yaml", "--out", "o"));
            assertEquals(expected, TunedJvm.onClasspath(command, plain), "the same options and arguments; the jar's launcher left out");
            assertEquals(org.recprompt.Main.class.getName(), TunedJvm.MAIN);

            TunedClasspath.Prepared archived = new TunedClasspath.Prepared(plain.directory(), plain.classpath(),
                    Optional.of(Path.of("/t/cp-k/run.jsa")), none);
            List<String> withArchive = TunedJvm.onClasspath(command, archived);
            assertTrue(withArchive.containsAll(List.of("-XX:SharedArchiveFile=/t/cp-k/run.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off")));
            assertEquals(expected.subList(expected.indexOf("-cp"), expected.size()), withArchive.subList(withArchive.indexOf("-cp"),
                    withArchive.size()));
            assertTrue(withArchive.indexOf("-XX:SharedArchiveFile=/t/cp-k/run.jsa") < withArchive.indexOf("-cp"));
        }
        assertEquals(Optional.empty(), TunedJvm.jarOf(List.of("java", "-cp", "x", "Main")));
    }

    /** The start a run's --timings count from: to within a few tens of ms of the JVM's own record (ProcessHandle's could be a second early). */
    @Test
    void the_process_start_is_found_to_the_hundredth_of_a_second_on_linux() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(Path.of("/proc/self/stat")),
                "not Linux: ProcessHandle's start time is used");
        long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long process = TunedJvm.processStart().orElseThrow().toEpochMilli();

        assertTrue(process <= jvm + 20, "the process starts before its JVM records its start: " + process + " vs " + jvm);
        assertTrue(jvm - process < 300, "the JVM records its start within a moment of the process's: " + (jvm - process) + " ms");
    }
}
