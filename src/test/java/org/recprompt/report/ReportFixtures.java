package org.recprompt.report;

import java.io.IOException;
import java.nio.file.Path;

/** The fixture run folder for tests outside this package. */
public final class ReportFixtures {

    private ReportFixtures() {
    }

    public static Path run(Path dir) throws IOException {
        return RunFixture.write(dir);
    }
}
