package org.recprompt.dataset.ui;

import java.util.List;
import java.util.Locale;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.DatasetUploads;
import org.recprompt.dataset.ProjectDataset;
import org.springframework.stereotype.Component;

/** The "Datasets" folder of each project in the explorer: import, download, open, delete. */
@Component
class DatasetExplorer implements ExplorerContribution {

    static final String FOLDER = "Datasets";

    private final DatasetService datasets;
    private final DatasetUploads uploads;
    private final BackgroundJobs jobs;

    DatasetExplorer(DatasetService datasets, DatasetUploads uploads, BackgroundJobs jobs) {
        this.datasets = datasets;
        this.uploads = uploads;
        this.jobs = jobs;
    }

    @Override
    public String folder() {
        return FOLDER;
    }

    @Override
    public List<Entry> entries(long projectId) {
        return datasets.list(projectId).stream().map(DatasetExplorer::entry).toList();
    }

    static Entry entry(ProjectDataset d) {
        return new Entry(String.valueOf(d.getId()), d.getName(),
                String.format(Locale.ROOT, "%,d users, %,d items", d.getUsers(), d.getItems()));
    }

    @Override
    public Editor open(long projectId, Entry entry) {
        ProjectDataset d = datasets.find(Long.parseLong(entry.key()))
                .orElseThrow(() -> new IllegalArgumentException("The dataset " + entry.label() + " no longer exists."));
        return new DatasetEditor(datasets, uploads, jobs, d);
    }

    @Override
    public List<FolderAction> folderActions() {
        return List.of(
                new FolderAction("Import dataset...", (projectId, onCreated) ->
                        new ImportDatasetDialog(datasets, uploads, jobs, projectId, onCreated).open()),
                new FolderAction("Download dataset...", (projectId, onCreated) ->
                        new DownloadDatasetDialog(datasets, jobs, projectId, onCreated).open()));
    }

    @Override
    public boolean canDelete() {
        return true;
    }

    @Override
    public void delete(long projectId, Entry entry) {
        datasets.delete(Long.parseLong(entry.key()));
    }

    @Override
    public Runnable addChangeListener(Runnable listener) {
        return datasets.addListener(listener);
    }
}
