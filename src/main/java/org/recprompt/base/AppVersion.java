package org.recprompt.base;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The application's version, from the build information Maven writes into the jar. */
public final class AppVersion {

    private static final Properties BUILD = load();

    private AppVersion() {
    }

    /** The version, or "development build" when run from classes without build information. */
    public static String version() {
        return BUILD.getProperty("build.version", "development build");
    }

    /** When the jar was built, if known. */
    public static String buildTime() {
        return BUILD.getProperty("build.time");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = AppVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // no build information: a development build
        }
        return properties;
    }
}
