package org.recprompt;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The workbench database contract on H2 in the workspace folder (the default). */
class H2WorkbenchDatabaseTest extends WorkbenchDatabaseContract {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) throws Exception {
        Path workspace = Files.createTempDirectory("recprompt-h2-ws");
        registry.add("recprompt.workspace", workspace::toString);
        registry.add("recprompt.sample-project", () -> "false");
    }
}
