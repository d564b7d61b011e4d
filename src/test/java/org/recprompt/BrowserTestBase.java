package org.recprompt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What a browser test of one screen shares: the packaged workbench started once per class on a free
 * port with a workspace of its own ({@link WorkbenchBrowserIT#startWorkbench()}), stopped after it,
 * and the skip with a clear message where Debian's chromium and chromium-driver are absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTestBase {

    final WorkbenchBrowserIT workbench = new WorkbenchBrowserIT();

    @BeforeAll
    void start() throws Exception {
        workbench.startWorkbench();
    }

    @AfterAll
    void stop() throws Exception {
        workbench.stopWorkbench();
    }

    /** Skips the test, saying what to install, when Chromium or its driver is missing. */
    static void assumeBrowser() {
        assumeTrue(WorkbenchBrowserIT.CHROMIUM.canExecute() && WorkbenchBrowserIT.CHROMEDRIVER.canExecute(),
                "Browser test skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
    }
}
