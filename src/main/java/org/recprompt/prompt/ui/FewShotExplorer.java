package org.recprompt.prompt.ui;

import java.util.List;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.dataset.DatasetService;
import org.recprompt.prompt.fewshot.FewShotService;
import org.recprompt.prompt.fewshot.FewShotSet;
import org.recprompt.prompt.fewshot.ProjectFewShotSet;
import org.springframework.stereotype.Component;

/** The "Few-shot sets" folder of each project: sample, write by hand, open, delete. */
@Component
class FewShotExplorer implements ExplorerContribution {

    private final FewShotService sets;
    private final DatasetService datasets;
    private final BackgroundJobs jobs;

    private final org.recprompt.workspace.security.ProjectAccess access;

    FewShotExplorer(FewShotService sets, DatasetService datasets, BackgroundJobs jobs,
            org.recprompt.workspace.security.ProjectAccess access) {
        this.access = access;
        this.sets = sets;
        this.datasets = datasets;
        this.jobs = jobs;
    }

    @Override
    public String folder() {
        return "Few-shot sets";
    }

    @Override
    public List<Entry> entries(long projectId) {
        return sets.list(projectId).stream().map(FewShotExplorer::entry).toList();
    }

    static Entry entry(ProjectFewShotSet s) {
        return new Entry(String.valueOf(s.getId()), s.getName(), s.getStrategy());
    }

    @Override
    public Editor open(long projectId, Entry entry) {
        ProjectFewShotSet s = sets.find(Long.parseLong(entry.key()))
                .orElseThrow(() -> new IllegalArgumentException("The few-shot set " + entry.label() + " no longer exists."));
        FewShotEditor editor = new FewShotEditor(sets, datasets, jobs, s);
        org.recprompt.workspace.security.ui.RoleNotice.unless(access, projectId,
                org.recprompt.workspace.security.ProjectRole.EDITOR, "change few-shot sets").ifPresent(editor::readOnly);
        return editor;
    }

    @Override
    public List<FolderAction> folderActions() {
        return List.of(
                new FolderAction("Sample few-shot set...", (projectId, onCreated) ->
                        new SampleFewShotDialog(sets, datasets, jobs, projectId, onCreated).open()),
                new FolderAction("New few-shot set", (projectId, onCreated) -> {
                    int n = sets.list(projectId).size() + 1;
                    ProjectFewShotSet s = sets.add(projectId, new FewShotSet("examples-" + n, "manual", 0, List.of()));
                    onCreated.accept(entry(s));
                }));
    }

    @Override
    public boolean canDelete() {
        return true;
    }

    @Override
    public void delete(long projectId, Entry entry) {
        sets.delete(Long.parseLong(entry.key()));
    }

    @Override
    public Runnable addChangeListener(Runnable listener) {
        return sets.addListener(listener);
    }
}
