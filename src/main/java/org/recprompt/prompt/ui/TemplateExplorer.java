package org.recprompt.prompt.ui;

import java.util.List;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.dataset.DatasetService;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.recprompt.workspace.ProjectService;
import org.springframework.stereotype.Component;

/** The "Prompt templates" folder of each project: new, import from the library, open, delete. */
@Component
class TemplateExplorer implements ExplorerContribution {

    private final TemplateService templates;
    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private final ProjectService projects;

    private final org.recprompt.workspace.security.ProjectAccess access;

    TemplateExplorer(TemplateService templates, DatasetService datasets, BackgroundJobs jobs, ProjectService projects,
            org.recprompt.workspace.security.ProjectAccess access) {
        this.access = access;
        this.templates = templates;
        this.datasets = datasets;
        this.jobs = jobs;
        this.projects = projects;
    }

    @Override
    public String folder() {
        return "Prompt templates";
    }

    @Override
    public List<Entry> entries(long projectId) {
        return templates.list(projectId).stream().map(TemplateExplorer::entry).toList();
    }

    static Entry entry(ProjectTemplate t) {
        return new Entry(String.valueOf(t.getId()), t.getName(), "v" + t.getCurrentVersion().substring(0, 7));
    }

    @Override
    public Editor open(long projectId, Entry entry) {
        ProjectTemplate t = templates.find(Long.parseLong(entry.key()))
                .orElseThrow(() -> new IllegalArgumentException("The template " + entry.label() + " no longer exists."));
        TemplateEditor editor = new TemplateEditor(templates, datasets, jobs, t,
                () -> projects.find(projectId).map(org.recprompt.workspace.Project::isLocalOnly).orElse(false));
        org.recprompt.workspace.security.ui.RoleNotice.unless(access, projectId,
                org.recprompt.workspace.security.ProjectRole.EDITOR, "change templates").ifPresent(editor::readOnly);
        return editor;
    }

    @Override
    public List<FolderAction> folderActions() {
        return List.of(
                new FolderAction("Import templates from the library...", (projectId, onCreated) ->
                        new LibraryDialog(templates, projectId, onCreated).open()),
                new FolderAction("New template...", (projectId, onCreated) ->
                        new NewTemplateDialog(templates, projectId, onCreated).open()));
    }

    @Override
    public boolean canDelete() {
        return true;
    }

    @Override
    public void delete(long projectId, Entry entry) {
        templates.delete(Long.parseLong(entry.key()));
    }

    @Override
    public Runnable addChangeListener(Runnable listener) {
        return templates.addListener(listener);
    }
}
