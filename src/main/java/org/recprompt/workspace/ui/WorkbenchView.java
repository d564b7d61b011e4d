package org.recprompt.workspace.ui;

import org.recprompt.base.AppVersion;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.base.ui.Notifications;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.ProjectService.ProjectChange;
import org.recprompt.workspace.UiSettings;
import org.recprompt.workspace.WorkspaceSettings;
import org.recprompt.workspace.security.ui.AccountControls;

import java.util.List;

import jakarta.annotation.security.PermitAll;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.tabs.TabSheetVariant;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/**
 * The workbench window, laid out like an IDE: toolbar, project explorer, editor tabs, a bottom
 * panel with the console and progress views, and a status bar. Pane sizes are remembered in the
 * workspace. When a login is required (served beyond loopback) any signed-in account may open it,
 * and the toolbar ends with the account controls (Log out).
 */
@Route("")
@PageTitle("RecPrompt Workbench")
@PermitAll
public class WorkbenchView extends VerticalLayout implements ProjectExplorer.Actions {

    static final String EXPLORER_SPLIT = "layout.explorer-split";
    static final String BOTTOM_SPLIT = "layout.bottom-split";
    static final String BOTTOM_TAB = "layout.bottom-tab";

    final WorkbenchToolbar toolbar;
    final ProjectExplorer explorer;
    final EditorArea editors = new EditorArea();
    final ConsoleView console;
    final ProgressView progress;
    final TabSheet bottom = new TabSheet();
    final SplitLayout main;
    final SplitLayout centre;
    final StatusBar status;

    private final ProjectService projects;
    private final BackgroundJobs jobs;
    private final UiSettings settings;
    private final UiUpdates jobUpdates;
    private Runnable unsubscribe = () -> { };

    private final List<ExplorerContribution> contributions;

    WorkbenchView(ProjectService projects, BackgroundJobs jobs, ConsoleLog consoleLog, UiSettings settings,
            WorkspaceSettings workspace, List<ExplorerContribution> contributions,
            List<org.recprompt.base.ui.ProjectActions> projectActions, AccountControls accountControls) {
        this.contributions = contributions;
        this.projects = projects;
        this.jobs = jobs;
        this.settings = settings;
        String version = AppVersion.version();
        setSizeFull();
        setPadding(false);
        setSpacing(false);
        addClassName("rp-workbench");

        toolbar = new WorkbenchToolbar(this::newProject, editors::saveActive, this::runActive, jobs::cancelAll);
        accountControls.create().ifPresent(toolbar::addTrailing);
        explorer = new ProjectExplorer(projects, contributions, projectActions, this);
        console = new ConsoleView(consoleLog);
        progress = new ProgressView(jobs);
        status = new StatusBar(workspace.workspace().toString(), version);

        bottom.setId("bottom-panel");
        bottom.addClassName("rp-bottom");
        bottom.setSizeFull();
        bottom.addThemeVariants(TabSheetVariant.LUMO_TABS_SMALL);
        bottom.add("Console", console);
        bottom.add("Progress", progress);
        bottom.setSelectedIndex((int) settings.getDouble(BOTTOM_TAB, 0));
        bottom.addSelectedChangeListener(e -> settings.put(BOTTOM_TAB, String.valueOf(bottom.getSelectedIndex())));

        centre = remembered(new SplitLayout(editors, bottom, SplitLayout.Orientation.VERTICAL), BOTTOM_SPLIT, 72);
        main = remembered(new SplitLayout(explorer, centre), EXPLORER_SPLIT, 20);
        main.setId("main-split");
        addAndExpand(main);
        add(status);
        addComponentAsFirst(toolbar);

        editors.addStateListener(this::updateCommands);
        editors.addStateListener(() -> editors.active().flatMap(e -> projectOf(e.id())).ifPresent(explorer::select));
        explorer.onSelection(p -> status.setProject(p.map(Project::getName).orElse(null)));
        editors.open(new WelcomeEditor(this::newProject, workspace.workspace().toString(), version));
        Shortcuts.addShortcutListener(this, editors::saveActive, Key.KEY_S, KeyModifier.CONTROL);
        Shortcuts.addShortcutListener(this, editors::saveActive, Key.KEY_S, KeyModifier.META);
        this.jobUpdates = new UiUpdates(this, this::updateCommands);
        updateCommands();
    }

    private SplitLayout remembered(SplitLayout split, String key, double fallback) {
        split.setSizeFull();
        split.addClassName("rp-split");
        split.setSplitterPosition(settings.getDouble(key, fallback));
        split.addSplitterDragendListener(e -> {
            Double position = split.getSplitterPosition();
            if (position != null) {
                settings.put(key, String.valueOf(position));
            }
        });
        return split;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        var ui = event.getUI();
        Runnable offProjects = projects.addListener(change -> ui.access(() -> projectChanged(change)));
        Runnable offJobs = jobs.addListener(jobUpdates::request);
        UiUpdates explorerUpdates = new UiUpdates(this, explorer::refresh);
        List<Runnable> offContributions = contributions.stream()
                .map(c -> c.addChangeListener(explorerUpdates::request)).toList();
        unsubscribe = () -> {
            offProjects.run();
            offJobs.run();
            offContributions.forEach(Runnable::run);
        };
    }

    @Override
    protected void onDetach(DetachEvent event) {
        unsubscribe.run();
    }

    private void projectChanged(ProjectChange change) {
        explorer.refresh();
        long id = change.project().getId();
        switch (change.kind()) {
            case DELETED -> editors.forceCloseAll(editorId -> editorId.equals("project:" + id)
                    || editorId.startsWith("project:" + id + "/"));
            case UPDATED -> editors.openEditors().stream()
                    .filter(e -> e instanceof ProjectEditor pe && pe.projectId() == id)
                    .forEach(e -> ((ProjectEditor) e).externalChange(change.project()));
            case CREATED -> { }
        }
    }

    private void updateCommands() {
        Editor active = editors.active().orElse(null);
        toolbar.update(active != null && active.isDirty(), active != null && active.runAction().isPresent(),
                !jobs.running().isEmpty());
        status.setJobs(jobs.running().size());
    }

    /** The project an editor belongs to: editor ids start with "project:ID". */
    static java.util.Optional<Long> projectOf(String editorId) {
        var m = java.util.regex.Pattern.compile("^project:(\\d+)").matcher(editorId);
        return m.find() ? java.util.Optional.of(Long.parseLong(m.group(1))) : java.util.Optional.empty();
    }

    private void runActive() {
        editors.active().flatMap(Editor::runAction).ifPresent(Runnable::run);
    }

    @Override
    public void newProject() {
        ProjectDialog.create(projects, created -> {
            explorer.refresh();
            explorer.reveal(created);
            open(created);
            Notifications.info("Created project " + created.getName());
        }).open();
    }

    @Override
    public void open(Project project) {
        editors.open(new ProjectEditor(projects, project));
    }

    @Override
    public void openEntry(ExplorerContribution contribution, long projectId, ExplorerContribution.Entry entry) {
        editors.open(contribution.open(projectId, entry));
    }

    @Override
    public void deleteEntry(ExplorerContribution contribution, long projectId, ExplorerContribution.Entry entry) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Delete " + entry.label() + "?");
        confirm.setText("It is removed from the project and its files from the workspace. This cannot be undone.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Delete");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            String id = contribution.open(projectId, entry).id();
            contribution.delete(projectId, entry);
            editors.forceClose(id);
            explorer.refresh();
        });
        confirm.open();
    }

    @Override
    public void renameEntry(ExplorerContribution contribution, long projectId, ExplorerContribution.Entry entry) {
        new RenameEntryDialog(contribution, projectId, entry, renamed -> explorer.refresh()).open();
    }

    @Override
    public void rename(Project project) {
        ProjectDialog.rename(projects, project, renamed -> explorer.refresh()).open();
    }

    @Override
    public void delete(Project project) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Delete project " + project.getName() + "?");
        confirm.setText("Its datasets, templates, few-shot sets, backends, experiments and runs are deleted from "
                + "the workspace too. This cannot be undone.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Delete");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> projects.delete(project.getId()));
        confirm.open();
    }
}
