package org.recprompt.backend.ui;

import java.util.List;
import java.util.Optional;

import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.ConnectionTester;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.ExplorerContribution;
import org.springframework.stereotype.Component;

/** The "Backends" folder of each project: new, open, rename, delete. */
@Component
class BackendExplorer implements ExplorerContribution {

    static final String FOLDER = "Backends";

    private final BackendConfigService backends;
    private final ConnectionTester tester;
    private final BackgroundJobs jobs;
    private final ConsoleLog console;

    private final org.recprompt.workspace.security.ProjectAccess access;

    BackendExplorer(BackendConfigService backends, ConnectionTester tester, BackgroundJobs jobs, ConsoleLog console,
            org.recprompt.workspace.security.ProjectAccess access) {
        this.access = access;
        this.backends = backends;
        this.tester = tester;
        this.jobs = jobs;
        this.console = console;
    }

    @Override
    public String folder() {
        return FOLDER;
    }

    @Override
    public List<Entry> entries(long projectId) {
        return backends.list(projectId).stream().map(BackendExplorer::entry).toList();
    }

    static Entry entry(BackendConfig c) {
        String model = c.getType().isRemote() ? c.getModel() : "";
        return new Entry(String.valueOf(c.getId()), c.getName(), c.getType().id() + (model.isEmpty() ? "" : " \u00b7 " + model));
    }

    @Override
    public Editor open(long projectId, Entry entry) {
        BackendEditor editor = new BackendEditor(backends, tester, jobs, console, require(entry));
        var viewer = org.recprompt.workspace.security.ui.RoleNotice.unless(access, projectId,
                org.recprompt.workspace.security.ProjectRole.EDITOR, "change backends or test them");
        if (viewer.isPresent()) {
            editor.readOnly(viewer.get());
        } else if (!access.may(projectId, org.recprompt.workspace.security.ProjectRole.OWNER)) {
            editor.keysReadOnly();
        }
        return editor;
    }

    @Override
    public List<FolderAction> folderActions() {
        return List.of(new FolderAction("New backend...", (projectId, onCreated) ->
                new NewBackendDialog(backends, projectId, created -> onCreated.accept(entry(created))).open()));
    }

    @Override
    public boolean canDelete() {
        return true;
    }

    @Override
    public void delete(long projectId, Entry entry) {
        backends.delete(Long.parseLong(entry.key()));
    }

    @Override
    public boolean canRename() {
        return true;
    }

    @Override
    public Optional<String> renameProblem(long projectId, Entry entry, String newName) {
        return backends.nameProblem(projectId, newName, Long.parseLong(entry.key()));
    }

    @Override
    public Entry rename(long projectId, Entry entry, String newName) {
        return entry(backends.rename(Long.parseLong(entry.key()), newName));
    }

    @Override
    public Runnable addChangeListener(Runnable listener) {
        return backends.addListener(listener);
    }

    private BackendConfig require(Entry entry) {
        return backends.find(Long.parseLong(entry.key()))
                .orElseThrow(() -> new IllegalArgumentException("The backend " + entry.label() + " no longer exists."));
    }
}
