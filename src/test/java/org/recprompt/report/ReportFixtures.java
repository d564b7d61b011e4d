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

    /** A six-user run folder whose dataset is written beside it (see {@code SixUserRun}), leave-last-out. */
    public static Path runWithDataset(Path dir) throws IOException {
        SixUserRun six = new SixUserRun(dir);
        return six.run(six.dataset(), "leave-last-out");
    }
}
