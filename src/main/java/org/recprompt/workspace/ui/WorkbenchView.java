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
import java.util.Optional;

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
 * and the toolbar ends with the account controls (Log out). A reload finds the same tabs, active tab,
 * scroll positions and expanded explorer rows ({@link WorkbenchLayout}); while an editor has unsaved
 * changes, reloading or closing the browser tab asks first (the browser's own "Leave site?" question).
 * Keyboard shortcuts are listed by {@link ShortcutsDialog} (F1, ?, or the toolbar's Shortcuts).
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
    private final ConsoleLog consoleLog;
    final WorkbenchLayout layout;
    final WelcomeEditor welcome;
    /** What the page was last told about unsaved changes (the browser asks before a reload while true). */
    boolean unsavedFlag;
    private boolean restoring;
    ShortcutsDialog shortcuts;

    WorkbenchView(ProjectService projects, BackgroundJobs jobs, ConsoleLog consoleLog, UiSettings settings,
            WorkspaceSettings workspace, List<ExplorerContribution> contributions,
            List<org.recprompt.base.ui.ProjectActions> projectActions, AccountControls accountControls) {
        this.contributions = contributions;
        this.projects = projects;
        this.jobs = jobs;
        this.settings = settings;
        this.consoleLog = consoleLog;
        this.layout = new WorkbenchLayout(settings, org.recprompt.workspace.security.AccountService.currentUser());
        String version = AppVersion.version();
        setSizeFull();
        setPadding(false);
        setSpacing(false);
        addClassName("rp-workbench");

        toolbar = new WorkbenchToolbar(this::newProject, editors::saveActive, this::runActive, jobs::cancelAll,
                this::showShortcuts);
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
        welcome = new WelcomeEditor(this::newProject, this::open, workspace.workspace().toString(), version);
        welcome.showProjects(projects.list());
        restoreLayout();
        editors.addStateListener(this::saveLayout);
        editors.addStateListener(this::updateUnsavedFlag);
        editors.addSelectionListener(id -> restoreScroll(id));
        explorer.addExpansionListener(this::saveLayout);
        Shortcuts.addShortcutListener(this, editors::saveActive, Key.KEY_S, KeyModifier.CONTROL);
        Shortcuts.addShortcutListener(this, editors::saveActive, Key.KEY_S, KeyModifier.META);
        Shortcuts.addShortcutListener(this, editors::closeActive, Key.KEY_W, KeyModifier.CONTROL);
        Shortcuts.addShortcutListener(this, editors::closeActive, Key.KEY_W, KeyModifier.ALT);
        Shortcuts.addShortcutListener(this, this::showShortcuts, Key.F1);
        editors.getElement().addEventListener("rp-editor-scroll", e -> {
            String tabId = e.getEventData().getString("event.detail.tab");
            editors.openEditors().stream().filter(ed -> EditorArea.tabId(ed.id()).equals(tabId)).findFirst()
                    .ifPresent(ed -> {
                        layout.scrolled(ed.id(), (int) e.getEventData().getNumber("event.detail.top"));
                        saveLayout();
                    });
        }).addEventData("event.detail.tab").addEventData("event.detail.top");
        this.jobUpdates = new UiUpdates(this, this::updateCommands);
        updateCommands();
    }

    /**
     * Opens the tabs the last window had (a first start shows the Welcome tab). An editor whose object
     * was deleted meanwhile is skipped; one console line names what was skipped.
     */
    private void restoreLayout() {
        var saved = layout.load();
        if (saved.isEmpty()) {
            openWelcome();
            return;
        }
        restoring = true;
        try {
            explorer.expandAll(saved.get().expanded());
            List<String> skipped = new java.util.ArrayList<>();
            String activeId = null;
            for (int i = 0; i < saved.get().tabs().size(); i++) {
                WorkbenchLayout.TabState tab = saved.get().tabs().get(i);
                java.util.Optional<Editor> opened = reopen(tab);
                if (opened.isEmpty()) {
                    skipped.add(describe(tab));
                    continue;
                }
                layout.scrolled(opened.get().id(), tab.scroll());
                if (i == saved.get().active()) {
                    activeId = opened.get().id();
                }
            }
            if (activeId != null) {
                editors.select(activeId);
            }
            if (!skipped.isEmpty()) {
                consoleLog.info("Reopened the last layout without " + String.join(", ", skipped)
                        + (skipped.size() == 1 ? ", which was" : ", which were") + " deleted meanwhile.");
            }
        } finally {
            restoring = false;
        }
        saveLayout();
        editors.active().ifPresent(e -> restoreScroll(e.id()));
    }

    private java.util.Optional<Editor> reopen(WorkbenchLayout.TabState tab) {
        try {
            switch (tab.kind()) {
                case WorkbenchLayout.TabState.WELCOME -> {
                    openWelcome();
                    return java.util.Optional.of(welcome);
                }
                case WorkbenchLayout.TabState.PROJECT -> {
                    var project = projects.findVisible(tab.projectId());
                    project.ifPresent(this::open);
                    return project.flatMap(p -> editors.active());
                }
                default -> {
                    var contribution = contributions.stream().filter(c -> c.folder().equals(tab.folder())).findFirst();
                    if (contribution.isEmpty() || projects.findVisible(tab.projectId()).isEmpty()) {
                        return java.util.Optional.empty();
                    }
                    var entry = contribution.get().entries(tab.projectId()).stream()
                            .filter(en -> en.key().equals(tab.key())).findFirst();
                    entry.ifPresent(en -> openEntry(contribution.get(), tab.projectId(), en));
                    return entry.flatMap(en -> editors.active());
                }
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(WorkbenchView.class).warn("Could not reopen {} after a reload", describe(tab), e);
            return java.util.Optional.empty();
        }
    }

    private static String describe(WorkbenchLayout.TabState tab) {
        return switch (tab.kind()) {
            case WorkbenchLayout.TabState.PROJECT -> "project " + tab.label();
            case WorkbenchLayout.TabState.ENTRY -> tab.label() + " (" + tab.folder() + ")";
            default -> tab.label();
        };
    }

    private void openWelcome() {
        editors.open(welcome);
        layout.opened(welcome, WorkbenchLayout.TabState.welcome());
    }

    private void saveLayout() {
        if (!restoring) {
            layout.save(editors.openEditors(), editors.active(), explorer.expandedNodes());
        }
    }

    /** Tells the page whether an editor has unsaved changes, so that a reload or closing the tab asks first. */
    private void updateUnsavedFlag() {
        boolean dirty = editors.anyDirty();
        if (dirty != unsavedFlag) {
            unsavedFlag = dirty;
            getElement().executeJs("window.__rpUnsaved = $0;", dirty);
        }
    }

    /** Puts the tab's content back where it was scrolled, once it is tall enough (it may still be loading). */
    private void restoreScroll(String editorId) {
        int top = layout.scroll(editorId);
        editors.getElement().executeJs("""
                const part = this.shadowRoot && this.shadowRoot.querySelector('[part~="content"]');
                if (!part) { return; }
                let tries = 0;
                const put = () => {
                    if (part.scrollHeight - part.clientHeight >= $0 || ++tries > 30) { part.scrollTop = $0; }
                    else { setTimeout(put, 100); }
                };
                put();
                """, top);
    }

    /** Opens the list of keyboard shortcuts (F1, ?, the toolbar's Shortcuts), once. */
    void showShortcuts() {
        if (shortcuts == null || !shortcuts.isOpened()) {
            shortcuts = new ShortcutsDialog();
            shortcuts.open();
        }
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
        ui.getPage().executeJs("""
                if (!window.__rpBeforeUnload) {
                    window.__rpBeforeUnload = true;
                    window.addEventListener('beforeunload', e => {
                        if (window.__rpUnsaved) { e.preventDefault(); e.returnValue = ''; }
                    });
                }
                window.__rpUnsaved = $0;
                """, unsavedFlag);
        editors.getElement().executeJs("""
                const sheet = this;
                const install = () => {
                    const part = sheet.shadowRoot && sheet.shadowRoot.querySelector('[part~="content"]');
                    if (!part) { setTimeout(install, 200); return; }
                    if (part.__rpScroll) { return; }
                    part.__rpScroll = true;
                    let timer;
                    part.addEventListener('scroll', () => {
                        clearTimeout(timer);
                        timer = setTimeout(() => {
                            const tabs = sheet.querySelector('vaadin-tabs');
                            const tab = tabs && tabs.items ? tabs.items[sheet.selected] : null;
                            sheet.dispatchEvent(new CustomEvent('rp-editor-scroll',
                                {detail: {tab: tab ? tab.id : '', top: Math.round(part.scrollTop)}}));
                        }, 400);
                    });
                };
                install();
                """);
        var help = ui.getElement().addEventListener("keydown", e -> showShortcuts());
        help.setFilter("event.key === '?' && !event.ctrlKey && !event.altKey && !event.metaKey"
                + " && !(t => t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))(event.composedPath()[0])");
        Runnable offProjects = projects.addListener(change -> ui.access(() -> projectChanged(change)));
        Runnable offJobs = jobs.addListener(jobUpdates::request);
        UiUpdates explorerUpdates = new UiUpdates(this, explorer::refresh);
        List<Runnable> offContributions = contributions.stream()
                .map(c -> c.addChangeListener(explorerUpdates::request)).toList();
        unsubscribe = () -> {
            help.remove();
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
        welcome.showProjects(projects.list());
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
        ProjectEditor editor = new ProjectEditor(projects, project);
        layout.opened(editor, WorkbenchLayout.TabState.project(project.getId(), project.getName()));
        editors.open(editor);
    }

    @Override
    public void openEntry(ExplorerContribution contribution, long projectId, ExplorerContribution.Entry entry) {
        Editor editor = contribution.open(projectId, entry);
        if (!layout.knows(editor.id())) {
            layout.opened(editor, WorkbenchLayout.TabState.entry(projectId, contribution.folder(), entry.key(), entry.label()));
        }
        editors.open(editor);
    }

    @Override
    public void createdSeveral(long projectId, String folder, int count) {
        String project = projects.find(projectId).map(Project::getName).orElse("the project");
        String text = count + " " + folder.toLowerCase(java.util.Locale.ROOT) + " added to " + project
                + ": they are marked in the explorer under " + folder + "; double-click one to open it.";
        consoleLog.info(text);
        Notifications.info(text);
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
        Optional<Editor> open = layout.editorOf(projectId, contribution.folder(), entry.key()).flatMap(editors::editor);
        if (open.isPresent() && open.get().isDirty()) {
            ConfirmDialog ask = new ConfirmDialog();
            ask.setHeader("Save changes to " + open.get().title() + " before renaming it?");
            ask.setText("Its open tab is reopened under the new name, from the saved file.");
            ask.setConfirmText("Save and rename...");
            ask.addConfirmListener(e -> {
                if (open.get().save()) {
                    renameEntry(contribution, projectId, entry);
                }
            });
            ask.setCancelable(true);
            ask.open();
            return;
        }
        new RenameEntryDialog(contribution, projectId, entry, renamed -> {
            layout.renamed(projectId, contribution.folder(), entry.key(), renamed.key(), renamed.label());
            if (open.isPresent() && !renamed.key().equals(entry.key())) {
                // the tab's editor is bound to the old key (it would save a new file under the old name): reopen it on the new one
                editors.forceClose(open.get().id());
                openEntry(contribution, projectId, renamed);
            }
            explorer.refresh();
            saveLayout();
        }).open();
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
