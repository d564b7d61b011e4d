package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkspaceLocationTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(WorkspaceLocation.PROPERTY);
    }

    @Test
    void the_argument_wins_over_the_system_property_which_wins_over_the_environment() {
        Map<String, String> env = Map.of("RECPROMPT_WORKSPACE", "/tmp/from-env");
        System.setProperty(WorkspaceLocation.PROPERTY, "/tmp/from-property");

        assertThat(WorkspaceLocation.resolve(new String[] {"--recprompt.workspace=/tmp/from-arg"}, env))
                .isEqualTo(Path.of("/tmp/from-arg"));
        assertThat(WorkspaceLocation.resolve(new String[] {"--server.port=9"}, env))
                .isEqualTo(Path.of("/tmp/from-property"));
        System.clearProperty(WorkspaceLocation.PROPERTY);
        assertThat(WorkspaceLocation.resolve(new String[0], env)).isEqualTo(Path.of("/tmp/from-env"));
    }

    @Test
    void without_any_setting_the_workspace_is_in_the_home_folder_and_paths_are_absolute() {
        assertThat(WorkspaceLocation.resolve(new String[0], Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), "recprompt-workspace"));
        assertThat(WorkspaceLocation.resolve(new String[0], Map.of("RECPROMPT_WORKSPACE", "~/ws/../other")))
                .isEqualTo(Path.of(System.getProperty("user.home"), "other"));
        assertThat(WorkspaceLocation.resolve(new String[0], Map.of("RECPROMPT_WORKSPACE", "rel"))).isAbsolute();
    }
}
