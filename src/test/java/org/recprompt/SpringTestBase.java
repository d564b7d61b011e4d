package org.recprompt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every test that needs one, on a workspace in a fresh temporary folder
 * (so the H2 file database starts empty). Tests clean up what they create.
 */
@SpringBootTest
public abstract class SpringTestBase {

    protected static final Path WORKSPACE = newWorkspace();

    private static Path newWorkspace() {
        try {
            return Files.createTempDirectory("recprompt-test-ws");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void workspace(DynamicPropertyRegistry registry) {
        registry.add("recprompt.workspace", WORKSPACE::toString);
        registry.add("recprompt.sample-project", () -> "false");
    }
}
