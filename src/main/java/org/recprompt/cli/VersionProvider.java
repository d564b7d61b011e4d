package org.recprompt.cli;

import org.recprompt.base.AppVersion;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the application's version and the Java it runs on. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String time = AppVersion.buildTime();
        return new String[] {
            "RecPrompt Workbench " + AppVersion.version() + (time == null ? "" : " (built " + time + ")"),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch")};
    }
}
