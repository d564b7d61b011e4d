package org.recprompt.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerPathsTest {

    @TempDir
    Path home;

    @Test
    void a_tilde_means_the_home_folder_as_in_a_shell_and_other_paths_stay_as_typed() {
        assertThat(ServerPaths.expand("~", home)).isEqualTo(home);
        assertThat(ServerPaths.expand(" ~/ ", home)).isEqualTo(home);
        assertThat(ServerPaths.expand("~/data/ml-100k", home)).isEqualTo(home.resolve("data/ml-100k"));
        assertThat(ServerPaths.expand("~//data", home)).isEqualTo(home.resolve("data"));
        assertThat(ServerPaths.expand("~alice/data", home)).isEqualTo(Path.of("~alice/data"));
        assertThat(ServerPaths.expand("/srv/data/~/x", home)).isEqualTo(Path.of("/srv/data/~/x"));
    }

    @Test
    void completion_lists_the_typed_folders_entries_folders_first_hidden_last_and_keeps_the_tilde() throws Exception {
        Files.createDirectories(home.resolve("data/ml-100k"));
        Files.createDirectories(home.resolve("data/ml-latest-small"));
        Files.writeString(home.resolve("data/ml-1m.zip"), "zip");
        Files.writeString(home.resolve("data/notes.txt"), "x");
        Files.createDirectories(home.resolve("data/.cache"));

        assertThat(ServerPaths.complete("~/data/", home, 10).entries())
                .containsExactly("~/data/ml-100k/", "~/data/ml-latest-small/", "~/data/ml-1m.zip", "~/data/notes.txt",
                        "~/data/.cache/");
        assertThat(ServerPaths.complete("~/data/ML", home, 10).entries())
                .as("the name typed so far, letter case ignored")
                .containsExactly("~/data/ml-100k/", "~/data/ml-latest-small/", "~/data/ml-1m.zip");
        assertThat(ServerPaths.complete("~/data/.c", home, 10).entries()).containsExactly("~/data/.cache/");
        assertThat(ServerPaths.complete("~/da", home, 10).entries()).containsExactly("~/data/");
        assertThat(ServerPaths.complete("~", home, 10).entries()).containsExactly("~/data/");
        String absolute = home.resolve("data").toString() + "/n";
        assertThat(ServerPaths.complete(absolute, home, 10).entries()).containsExactly(absolute + "otes.txt");
    }

    @Test
    void completion_is_bounded_and_says_how_many_more_matched_and_offers_nothing_where_there_is_no_folder() throws Exception {
        for (int k = 0; k < 15; k++) {
            Files.writeString(home.resolve(String.format("file-%02d.csv", k)), "");
        }
        ServerPaths.Completions c = ServerPaths.complete(home + "/file-", home, 4);
        assertThat(c.entries()).containsExactly(home + "/file-00.csv", home + "/file-01.csv", home + "/file-02.csv",
                home + "/file-03.csv");
        assertThat(c.more()).isEqualTo(11);

        assertThat(ServerPaths.complete("", home, 4).entries()).isEmpty();
        assertThat(ServerPaths.complete(home + "/missing/", home, 4).entries()).isEmpty();
        assertThat(ServerPaths.complete(home + "/file-00.csv/", home, 4).entries()).as("a file is no folder").isEmpty();
    }
}
