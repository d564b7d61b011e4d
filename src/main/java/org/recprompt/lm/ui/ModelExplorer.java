package org.recprompt.lm.ui;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.lm.ModelService;
import org.recprompt.lm.ModelStore;
import org.springframework.stereotype.Component;

/** The "Models" folder of each project: the in-app language models, "Train model...", open, delete. */
@Component
class ModelExplorer implements ExplorerContribution {

    static final String FOLDER = "Models";

    private final ModelService models;

    ModelExplorer(ModelService models) {
        this.models = models;
    }

    @Override
    public String folder() {
        return FOLDER;
    }

    @Override
    public List<Entry> entries(long projectId) {
        return models.list(projectId).stream().map(name -> entry(projectId, name)).toList();
    }

    Entry entry(long projectId, String name) {
        try {
            ModelStore.Manifest m = models.manifest(projectId, name);
            return new Entry(name, name, String.format(Locale.ROOT, "%s tokens, %,d parameters", m.settings().tokenisation().id(),
                    m.parameters()));
        } catch (IOException e) {
            return new Entry(name, name, "unreadable");
        }
    }

    @Override
    public Editor open(long projectId, Entry entry) {
        return new ModelEditor(models, projectId, entry.key());
    }

    @Override
    public List<FolderAction> folderActions() {
        return List.of(new FolderAction("Train model...", (projectId, onCreated) ->
                new TrainModelDialog(models, projectId).open()));
    }

    @Override
    public boolean canDelete() {
        return true;
    }

    @Override
    public void delete(long projectId, Entry entry) {
        models.delete(projectId, entry.key());
    }

    @Override
    public Runnable addChangeListener(Runnable listener) {
        return models.addListener(listener);
    }
}
