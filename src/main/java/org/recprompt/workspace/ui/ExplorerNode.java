package org.recprompt.workspace.ui;

import java.util.Objects;

/**
 * A row of the project explorer: a project, one of the folders under it, or an entry in a
 * folder. Equal for the same project, folder and entry key, so the tree keeps its expanded rows
 * across refreshes.
 */
record ExplorerNode(long projectId, String label, Folder folder, String entryKey, String detail) {

    /** The kinds of things a project holds, in the order the explorer lists them. */
    enum Folder {
        DATASETS("Datasets"),
        TEMPLATES("Prompt templates"),
        FEW_SHOT_SETS("Few-shot sets"),
        BACKENDS("Backends"),
        EXPERIMENTS("Experiments"),
        MODELS("Models"),
        RUNS("Runs");

        final String label;

        Folder(String label) {
            this.label = label;
        }
    }

    static ExplorerNode project(long id, String name) {
        return new ExplorerNode(id, name, null, null, null);
    }

    static ExplorerNode folder(long projectId, Folder folder) {
        return new ExplorerNode(projectId, folder.label, folder, null, null);
    }

    static ExplorerNode entry(long projectId, Folder folder, String key, String label, String detail) {
        return new ExplorerNode(projectId, label, folder, key, detail);
    }

    boolean isProject() {
        return folder == null;
    }

    boolean isFolder() {
        return folder != null && entryKey == null;
    }

    boolean isEntry() {
        return entryKey != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExplorerNode other && other.projectId == projectId && other.folder == folder
                && Objects.equals(other.entryKey, entryKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(projectId, folder, entryKey);
    }
}
