package org.recprompt.workspace;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the workspace (database, datasets, templates, runs) lives. The first of these wins:
 * a {@code --recprompt.workspace=DIR} argument, the {@code recprompt.workspace} system property,
 * the {@code RECPROMPT_WORKSPACE} environment variable, and {@code ~/recprompt-workspace}.
 */
public final class WorkspaceLocation {

    public static final String PROPERTY = "recprompt.workspace";
    public static final String ENVIRONMENT_VARIABLE = "RECPROMPT_WORKSPACE";
    static final String DEFAULT_FOLDER = "recprompt-workspace";

    private WorkspaceLocation() {
    }

    public static Path resolve(String[] args, Map<String, String> env) {
        String prefix = "--" + PROPERTY + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix) && arg.length() > prefix.length()) {
                return normalise(arg.substring(prefix.length()));
            }
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return normalise(property);
        }
        String fromEnv = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return normalise(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), DEFAULT_FOLDER).toAbsolutePath().normalize();
    }

    private static Path normalise(String value) {
        return org.recprompt.base.ServerPaths.expand(value, Path.of(System.getProperty("user.home"))).toAbsolutePath().normalize();
    }
}
