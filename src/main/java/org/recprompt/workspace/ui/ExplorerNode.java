package org.recprompt.workspace.ui;

import java.util.List;

/**
 * A row of the project explorer: a project, or one of the folders under it. Equal for the same
 * project and folder, so the tree keeps its expanded rows across refreshes.
 */
record ExplorerNode(long projectId, String label, Folder folder) {

    /** The kinds of things a project holds, in the order the explorer lists them. */
    enum Folder {
        DATASETS("Datasets"),
        TEMPLATES("Prompt templates"),
        FEW_SHOT_SETS("Few-shot sets"),
        BACKENDS("Backends"),
        EXPERIMENTS("Experiments"),
        RUNS("Runs");

        final String label;

        Folder(String label) {
            this.label = label;
        }
    }

    static ExplorerNode project(long id, String name) {
        return new ExplorerNode(id, name, null);
    }

    boolean isProject() {
        return folder == null;
    }

    List<ExplorerNode> children() {
        if (!isProject()) {
            return List.of();
        }
        return java.util.Arrays.stream(Folder.values())
                .map(f -> new ExplorerNode(projectId, f.label, f))
                .toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExplorerNode other && other.projectId == projectId && other.folder == folder;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(projectId) * 31 + (folder == null ? 0 : folder.hashCode());
    }
}
