package org.recprompt.workspace.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.recprompt.Application;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

class StartRefusalTest {

    @Test
    void served_on_every_interface_without_an_administrator_password_it_refuses_to_start_with_one_sentence() throws Exception {
        Path workspace = Files.createTempDirectory("recprompt-refusal-ws");
        // Command-line properties, as a person would pass them (they win over application.properties).
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(Application.class)
                .run("--server.address=0.0.0.0", "--server.port=0", "--recprompt.workspace=" + workspace,
                        "--recprompt.sample-project=false", "--" + ServingMode.ADMIN_PASSWORD + "=")
                .close());
        assertThat(failure).isNotNull();
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        assertThat(cause).isInstanceOf(AdminPasswordMissingException.class)
                .hasMessageStartingWith("The workbench is served on 0.0.0.0, beyond this machine, and refuses to start")
                .hasMessageContaining("RECPROMPT_ADMIN_PASSWORD");
        assertThat(new AdminPasswordFailureAnalyzer().analyze(failure).getDescription()).isEqualTo(cause.getMessage());
    }
}
