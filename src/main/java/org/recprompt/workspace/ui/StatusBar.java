package org.recprompt.workspace.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/** The line at the bottom: the active project, background jobs, the workspace and the version. */
class StatusBar extends Composite<HorizontalLayout> {

    final Span project = new Span();
    final Span jobs = new Span();
    private final Span workspace;
    private final Span version;

    StatusBar(String workspacePath, String versionText) {
        workspace = new Span("Workspace " + workspacePath);
        version = new Span("v" + versionText);
        HorizontalLayout bar = getContent();
        bar.setId("status-bar");
        bar.addClassName("rp-status-bar");
        bar.setWidthFull();
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        Span spacer = new Span();
        bar.add(project, jobs, spacer, workspace, version);
        bar.setFlexGrow(1, spacer);
        setProject(null);
        setJobs(0);
    }

    void setProject(String name) {
        project.setText(name == null ? "No project selected" : "Project: " + name);
    }

    void setJobs(int running) {
        jobs.setText(running == 0 ? "Idle" : running + (running == 1 ? " job running" : " jobs running"));
        jobs.setClassName("rp-busy", running > 0);
    }
}
