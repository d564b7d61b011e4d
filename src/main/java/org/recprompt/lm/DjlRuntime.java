package org.recprompt.lm;

import java.nio.file.Path;

/**
 * Where DJL unpacks the PyTorch natives (about 430 MB, once), and that it never downloads: the
 * engine and its natives come from Maven ({@code pytorch-native-cpu}). Call {@link #prepare} before
 * the first model is built; a {@code DJL_CACHE_DIR} already set (system property or environment)
 * wins, so tests put it under {@code target/} and the workbench under the workspace.
 */
public final class DjlRuntime {

    private DjlRuntime() {
    }

    public static synchronized void prepare(Path defaultCacheDir) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null && defaultCacheDir != null) {
            System.setProperty("DJL_CACHE_DIR", defaultCacheDir.toAbsolutePath().toString());
        }
        if (System.getProperty("ai.djl.default_engine") == null) {
            System.setProperty("ai.djl.default_engine", "PyTorch");
        }
    }
}
