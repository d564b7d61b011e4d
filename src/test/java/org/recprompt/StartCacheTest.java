package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.TunedJvm;

class StartCacheTest {

    @TempDir
    Path dir;

    private StartCache cache(Path folder) {
        return new StartCache(new TunedJvm.Launch("/jdk/bin/java", List.of("-Xmx1g", "-Dx=1"), "/x/recprompt.jar"), folder);
    }

    @Test
    void theWorkbenchJvmKeepsTheOptionsAndArgumentsAndReadsTheArchiveAndTheExtractedJar() {
        Path folder = dir.resolve("c");
        List<String> command = cache(folder).command(folder.resolve("app/recprompt.jar"), new String[] {"--server.port=9"}, false);
        assertThat(command).containsExactly("/jdk/bin/java", "-Xmx1g", "-Dx=1",
                "-XX:SharedArchiveFile=" + folder.resolve("app.jsa"), "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Drecprompt.tunedJvm=true", "-jar", folder.resolve("app/recprompt.jar").toString(), "--server.port=9");
        assertThat(cache(folder).command(folder.resolve("app/recprompt.jar"), new String[0], true))
                .as("with the context processed at build time").contains(StartCache.AOT_OPTION);
    }

    @Test
    void theContextProcessedAtBuildTimeRunsUnlessTheStartSetsWhatItFixed() throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        List<String> memory = List.of("-Xmx1g", "-Duser.timezone=UTC", "-Drecprompt.workspace=/w");
        Map<String, String> env = Map.of("PATH", "/bin", "RECPROMPT_DB_URL", "jdbc:x", "SERVER_PORT", "9", "SERVER_ADDRESS", "0.0.0.0");
        String[] documented = {"--server.port=9", "--recprompt.workspace=/w", "--server.address=0.0.0.0"};
        assertThat(StartCache.aotApplies(memory, documented, env, cwd)).isTrue();
        assertThat(StartCache.aotApplies(memory, new String[] {"--spring.h2.console.enabled=true"}, env, cwd)).isFalse();
        assertThat(StartCache.aotApplies(memory, new String[] {"--server.forward-headers-strategy=framework"}, env, cwd)).isFalse();
        assertThat(StartCache.aotApplies(memory, new String[] {"--debug"}, env, cwd)).isTrue();
        assertThat(StartCache.aotApplies(memory, new String[] {"stray"}, env, cwd)).isFalse();
        assertThat(StartCache.aotApplies(List.of("-Dspring.profiles.active=x"), new String[0], env, cwd)).isFalse();
        assertThat(StartCache.aotApplies(List.of("-Dvaadin.productionMode=false"), new String[0], env, cwd)).isFalse();
        assertThat(StartCache.aotApplies(memory, new String[0], Map.of("SPRING_APPLICATION_JSON", "{}"), cwd)).isFalse();
        assertThat(StartCache.aotApplies(memory, new String[0], Map.of("JAVA_TOOL_OPTIONS", "-Xss2m  -Dspring.main.lazy-initialization=true"), cwd))
                .isFalse();
        assertThat(StartCache.aotApplies(memory, new String[0], Map.of("JAVA_TOOL_OPTIONS", "-Xss2m -Dfile.encoding=UTF-8"), cwd)).isTrue();
        assertThat(StartCache.aotApplies(memory, new String[0], Map.of("MANAGEMENT_SERVER_PORT", "1"), cwd)).isFalse();
        assertThat(StartCache.aotApplies(memory, new String[0], Map.of("SERVER_SERVLET_CONTEXT_PATH", "/x"), cwd)).isFalse();
        Files.createDirectories(cwd.resolve("config/extra"));
        Files.writeString(cwd.resolve("config/extra/application.yml"), "spring: {}");
        assertThat(StartCache.aotApplies(memory, new String[0], env, cwd)).as("a configuration file of its own").isFalse();
    }

    @Test
    void aJarBuiltWithTheBuildTimeContextIsRecognised() throws Exception {
        Path with = dir.resolve("with.jar");
        Path without = dir.resolve("without.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(with))) {
            jar.putNextEntry(new JarEntry(StartCache.AOT_INITIALIZER));
            jar.write(new byte[] {1});
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(without))) {
            jar.putNextEntry(new JarEntry("org/recprompt/Application.class"));
            jar.write(new byte[] {1});
        }
        assertThat(StartCache.holdsAot(with)).isTrue();
        assertThat(StartCache.holdsAot(without)).isFalse();
    }

    @Test
    void theCacheIsReadyOnlyWithItsArchiveAndTheJarItsReadyFileNames() throws Exception {
        StartCache cache = cache(dir);
        assertThat(cache.readyJar()).isEmpty();
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/recprompt.jar"), "jar");
        Files.writeString(dir.resolve(StartCache.READY), "app/recprompt.jar\n");
        assertThat(cache.readyJar()).as("no archive yet").isEmpty();
        Files.writeString(dir.resolve(StartCache.ARCHIVE), "archive");
        assertThat(cache.readyJar()).contains(dir.resolve("app/recprompt.jar"));
        Files.writeString(dir.resolve(StartCache.READY), "app/other.jar");
        assertThat(cache.readyJar()).as("the named jar is missing").isEmpty();
    }

    @Test
    void aRebuiltJarGetsACacheOfItsOwn() throws Exception {
        Path jar = dir.resolve("recprompt.jar");
        Files.writeString(jar, "build 1");
        String first = StartCache.key(jar);
        assertThat(StartCache.key(jar)).isEqualTo(first);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertThat(StartCache.key(jar)).isNotEqualTo(first);
        String second = StartCache.key(jar);
        Files.writeString(jar, "build two");
        assertThat(StartCache.key(jar)).isNotEqualTo(second);
    }

    @Test
    void theCacheLivesInTheUsersCacheFolder() {
        assertThat(StartCache.root(Map.of("XDG_CACHE_HOME", dir.toString()))).isEqualTo(dir.resolve("recprompt"));
        assertThat(StartCache.root(Map.of("XDG_CACHE_HOME", "relative"))).isEqualTo(
                org.recprompt.base.ServerPaths.home().resolve(".cache").resolve("recprompt"));
    }

    @Test
    void theTrainingStartKeepsNoneOfTheUsersWorkbenchSettings() {
        assertThat(StartCache.isWorkbenchSetting("RECPROMPT_DB_URL")).isTrue();
        assertThat(StartCache.isWorkbenchSetting("SERVER_PORT")).isTrue();
        assertThat(StartCache.isWorkbenchSetting("SPRING_PROFILES_ACTIVE")).isTrue();
        assertThat(StartCache.isWorkbenchSetting("JAVA_TOOL_OPTIONS")).isTrue();
        assertThat(StartCache.isWorkbenchSetting("PATH")).isFalse();
        assertThat(StartCache.isWorkbenchSetting("HOME")).isFalse();
    }

    @Test
    void offStartsTheWorkbenchInThisJvm() {
        assertThat(StartCache.forStart(new String[0], Map.of(StartCache.SWITCH, "off"))).isEmpty();
    }
}
