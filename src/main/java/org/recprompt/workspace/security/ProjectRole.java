package org.recprompt.workspace.security;

import java.util.Locale;

/**
 * What a member may do in one project when the workbench requires a login. Each role may do
 * everything the roles after it may: a VIEWER reads datasets, templates, few-shot sets,
 * experiments, backends (never a stored key), runs and reports; an EDITOR also changes templates,
 * few-shot sets, experiments, backends (not their stored keys), datasets and models, and starts
 * and stops runs; an OWNER also manages the members, the stored keys and the project itself
 * (rename, describe, local only, delete).
 */
public enum ProjectRole {
    OWNER, EDITOR, VIEWER;

    /** True when this role may do what {@code needed} may. */
    public boolean atLeast(ProjectRole needed) {
        return ordinal() <= needed.ordinal();
    }

    /** "owner", "editor", "viewer". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "an owner", "an editor", "a viewer". */
    public String withArticle() {
        return (this == VIEWER ? "a " : "an ") + label();
    }
}
