package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

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
        List<String> command = cache(folder).command(folder.resolve("app/recprompt.jar"), new String[] {"--server.port=9"});
        assertThat(command).containsExactly("/jdk/bin/java", "-Xmx1g", "-Dx=1",
                "-XX:SharedArchiveFile=" + folder.resolve("app.jsa"), "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Drecprompt.tunedJvm=true", "-jar", folder.resolve("app/recprompt.jar").toString(), "--server.port=9");
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
