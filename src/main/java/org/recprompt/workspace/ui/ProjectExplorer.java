package org.recprompt.workspace.ui;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;

import org.recprompt.workspace.security.ProjectRole;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.grid.contextmenu.GridMenuItem;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.grid.contextmenu.GridContextMenu;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.treegrid.TreeGrid;

/**
 * The project explorer: every project of the workspace, the folders under each, and in each
 * folder what the features contribute. Double-click opens; the context menu offers what fits the
 * row (open, rename, delete, a folder's actions such as "Import dataset..."). On the keyboard, the
 * focused row opens with Enter (a folder opens or closes), F2 renames it, Delete deletes it (after the
 * same confirmation) and Shift+F10 or the context-menu key opens its context menu. A long name keeps
 * its end (where run stamps and versions differ) and loses its middle; the row's tooltip has it whole.
 */
class ProjectExplorer extends Composite<Div> {

    /** What the explorer asks the workbench to do. */
    interface Actions {
        void open(Project project);

        void rename(Project project);

        void delete(Project project);

        void newProject();

        void openEntry(ExplorerContribution contribution, long projectId, ExplorerContribution.Entry entry);

        void deleteEntry(ExplorerContribution contribution, long projectId, ExplorerContribution.Entry entry);

        void renameEntry(ExplorerContribution contribution, long projectId, ExplorerContribution.Entry entry);

        /** Several entries were created at once (templates imported): they are listed, not opened. */
        default void createdSeveral(long projectId, String folder, int count) {
        }
    }

    final TreeGrid<ExplorerNode> tree = new TreeGrid<>();
    final GridContextMenu<ExplorerNode> menu;
    private final ProjectService projects;
    private final Actions actions;
    private final Map<ExplorerNode.Folder, ExplorerContribution> contributions;
    private final Set<ExplorerNode> expanded = new HashSet<>();
    private final List<Runnable> expansionListeners = new java.util.ArrayList<>();
    /** The row with keyboard focus (arrow keys move it without selecting), for Enter, F2, Delete, Shift+F10. */
    private ExplorerNode focused;
    /** Entries just created in a batch (several templates imported at once), marked until the next batch. */
    private final Set<ExplorerNode> fresh = new HashSet<>();
    /** How often the keyboard asked for a context menu (for tests: the menu itself opens in the browser). */
    int menuRequests;

    private final List<org.recprompt.base.ui.ProjectActions> projectActions;

    ProjectExplorer(ProjectService projects, List<ExplorerContribution> contributions, Actions actions) {
        this(projects, contributions, List.of(), actions);
    }

    ProjectExplorer(ProjectService projects, List<ExplorerContribution> contributions,
            List<org.recprompt.base.ui.ProjectActions> projectActions, Actions actions) {
        this.projectActions = projectActions;
        this.projects = projects;
        this.actions = actions;
        this.contributions = contributions.stream().collect(Collectors.toMap(c -> folderOf(c.folder()), c -> c));
        Div root = getContent();
        root.addClassName("rp-view");
        root.setSizeFull();
        Span heading = new Span("Project explorer");
        heading.addClassName("rp-view-title");
        root.add(heading, tree);

        tree.setId("project-explorer");
        tree.addClassName("rp-explorer");
        tree.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_NO_ROW_BORDERS);
        tree.addComponentHierarchyColumn(this::renderNode);
        tree.addExpandListener(e -> {
            expanded.addAll(e.getItems());
            expansionListeners.forEach(Runnable::run);
        });
        tree.addCollapseListener(e -> {
            expanded.removeAll(e.getItems());
            expansionListeners.forEach(Runnable::run);
        });
        tree.addItemDoubleClickListener(e -> open(e.getItem()));
        tree.addCellFocusListener(e -> focused = e.getItem().orElse(null));
        tree.setPartNameGenerator(node -> fresh.contains(node) ? "rp-fresh" : null);
        Shortcuts.addShortcutListener(tree, () -> target().ifPresent(this::open), Key.ENTER).listenOn(tree);
        Shortcuts.addShortcutListener(tree, () -> target().ifPresent(this::rename), Key.F2).listenOn(tree);
        Shortcuts.addShortcutListener(tree, () -> target().ifPresent(this::delete), Key.DELETE).listenOn(tree);
        Shortcuts.addShortcutListener(tree, this::openMenuAtTarget, Key.F10, KeyModifier.SHIFT).listenOn(tree);
        Shortcuts.addShortcutListener(tree, this::openMenuAtTarget, Key.CONTEXT_MENU).listenOn(tree);
        tree.setEmptyStateText("No projects yet: use New project in the toolbar.");
        menu = buildContextMenu();
        refresh();
    }

    private static ExplorerNode.Folder folderOf(String label) {
        return Arrays.stream(ExplorerNode.Folder.values()).filter(f -> f.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no explorer folder named " + label));
    }

    private List<ExplorerNode> childrenOf(ExplorerNode node) {
        if (node.isProject()) {
            return Arrays.stream(ExplorerNode.Folder.values()).map(f -> ExplorerNode.folder(node.projectId(), f)).toList();
        }
        ExplorerContribution c = contributions.get(node.folder());
        if (!node.isFolder() || c == null) {
            return List.of();
        }
        return c.entries(node.projectId()).stream()
                .map(e -> ExplorerNode.entry(node.projectId(), node.folder(), e.key(), e.label(), e.detail()))
                .toList();
    }

    /** Projects whose local-only switch is on (a badge on their row), as of the last refresh. */
    private final Set<Long> localOnly = new HashSet<>();

    private HorizontalLayout renderNode(ExplorerNode node) {
        Icon icon = (node.isProject() ? VaadinIcon.CUBE : node.isFolder() ? VaadinIcon.FOLDER_O : VaadinIcon.FILE_TABLE)
                .create();
        icon.addClassName("rp-node-icon");
        HorizontalLayout row = new HorizontalLayout(icon);
        String[] name = splitForEllipsis(node.label());
        Span head = new Span(name[0]);
        head.addClassName("rp-node-head");
        row.add(head);
        if (!name[1].isEmpty()) {
            Span tail = new Span(name[1]);
            tail.addClassName("rp-node-tail");
            row.add(tail);
        }
        row.getElement().setAttribute("title", node.isEntry() && node.detail() != null && !node.detail().isEmpty()
                ? node.label() + " (" + node.detail() + ")" : node.label());
        row.setSpacing(false);
        row.addClassName(node.isProject() ? "rp-node-project" : node.isFolder() ? "rp-node-folder" : "rp-node-entry");
        if (node.isProject() && localOnly.contains(node.projectId())) {
            Span badge = new Span("local only");
            badge.addClassName("rp-badge-local");
            badge.getElement().setAttribute("title", "Backends whose endpoint is not on this machine refuse to run");
            row.add(badge);
        }
        String note = node.isFolder() ? count(node) : node.isEntry() ? node.detail() : null;
        if (note != null && !note.isEmpty()) {
            Span extra = new Span(note);
            extra.addClassName("rp-node-count");
            row.add(extra);
        }
        return row;
    }

    /** Names this long may not fit; their end is kept whole and only the start shrinks (with an ellipsis). */
    static final int LONG_NAME = 20;

    /**
     * Splits a long name into a start that may be cut and an end that is always shown: after the
     * second-last (else the last) '-', '_', '.' or space among its last 17 characters, so
     * "ranking-baselines-20261205-112233" keeps "20261205-112233"; with none there, its last 10 characters.
     */
    static String[] splitForEllipsis(String label) {
        if (label.length() <= LONG_NAME) {
            return new String[] {label, ""};
        }
        int cut = label.length() - 10;
        int seen = 0;
        for (int i = label.length() - 2; i >= label.length() - 17; i--) {
            if ("-_. ".indexOf(label.charAt(i)) >= 0) {
                cut = i + 1;
                if (++seen == 2) {
                    break;
                }
            }
        }
        if (label.length() - cut < 4) {
            cut = label.length() - 10;
        }
        return new String[] {label.substring(0, cut), label.substring(cut)};
    }

    /** The folder's entry count, from the tree already loaded (no second query per rendered row). */
    private String count(ExplorerNode folder) {
        int n = tree.getTreeData().contains(folder) ? tree.getTreeData().getChildren(folder).size() : 0;
        return n == 0 ? "(empty)" : "(" + n + ")";
    }

    private GridContextMenu<ExplorerNode> buildContextMenu() {
        GridContextMenu<ExplorerNode> m = tree.addContextMenu();
        // with roles: the caller's role in the row's project, and what it leaves disabled (issue 23)
        GridMenuItem<ExplorerNode> role = m.addItem("");
        role.setEnabled(false);
        role.setId("explorer-role");
        GridMenuItem<ExplorerNode> open = m.addItem("Open", e -> e.getItem().ifPresent(this::open));
        GridMenuItem<ExplorerNode> rename = m.addItem("Rename...", e -> e.getItem().ifPresent(this::rename));
        GridMenuItem<ExplorerNode> delete = m.addItem("Delete...", e -> e.getItem().ifPresent(this::delete));
        Map<GridMenuItem<ExplorerNode>, ExplorerNode.Folder> folderItems = new java.util.HashMap<>();
        contributions.forEach((folder, c) -> c.folderActions().forEach(a -> folderItems.put(
                m.addItem(a.label(), e -> e.getItem().ifPresent(node -> a.handler().run(node.projectId(),
                        created(c, node)))), folder)));
        Map<GridMenuItem<ExplorerNode>, ExplorerNode.Folder> entryItems = new java.util.HashMap<>();
        contributions.forEach((folder, c) -> c.entryActions().forEach(a -> entryItems.put(
                m.addItem(a.label(), e -> e.getItem().filter(ExplorerNode::isEntry).ifPresent(node -> a.handler().run(node.projectId(),
                        new ExplorerContribution.Entry(node.entryKey(), node.label(), node.detail())))), folder)));
        Map<GridMenuItem<ExplorerNode>, Boolean> projectItems = new java.util.HashMap<>();
        Map<GridMenuItem<ExplorerNode>, Boolean> ownerItems = new java.util.HashMap<>();
        projectActions.forEach(pa -> pa.actions().forEach(a -> {
            GridMenuItem<ExplorerNode> item = m.addItem(a.label(), e -> {
                Long id = a.onProject() ? e.getItem().map(ExplorerNode::projectId).orElse(null) : null;
                a.handler().run(id, changed -> refresh());
            });
            projectItems.put(item, a.onProject());
            ownerItems.put(item, a.ownersOnly());
        }));
        m.addSeparator();
        m.addItem("New project...", e -> actions.newProject());
        m.setDynamicContentHandler(node -> {
            boolean none = node == null;
            var access = projects.access();
            java.util.Optional<ProjectRole> mine = none ? java.util.Optional.empty() : access.role(node.projectId());
            boolean editor = none || mine.map(r -> r.atLeast(ProjectRole.EDITOR)).orElse(false);
            boolean owner = none || mine.map(r -> r.atLeast(ProjectRole.OWNER)).orElse(false);
            role.setVisible(!none && access.enforced() && !owner);
            role.setText(mine.map(r -> "Your role: " + r.label() + (r == ProjectRole.VIEWER ? " (read only)" : " (members and keys: owners)"))
                    .orElse(""));
            ownerItems.forEach((item, ownersOnly) -> item.setEnabled(!ownersOnly || owner));
            open.setVisible(!none && !node.isFolder());
            rename.setVisible(!none && (node.isProject() || node.isEntry() && contributions.get(node.folder()).canRename()));
            delete.setVisible(!none && (node.isProject() || node.isEntry() && contributions.get(node.folder()).canDelete()));
            rename.setEnabled(none || (node.isProject() ? owner : editor));
            delete.setEnabled(none || (node.isProject() ? owner : editor));
            folderItems.forEach((item, folder) -> {
                item.setVisible(!none && node.folder() == folder);
                item.setEnabled(editor);
            });
            entryItems.forEach((item, folder) -> item.setVisible(!none && node.isEntry() && node.folder() == folder));
            projectItems.forEach((item, onProject) -> item.setVisible(!onProject || !none && node.isProject()));
            return true;
        });
        return m;
    }

    /**
     * What a folder action does with the entries it created: one is opened in its tab; several
     * created at once (importing 21 templates) are all listed, marked and the first selected, with
     * no tab opened, since 21 tabs would bury the editor area and opening only the last hides the rest.
     */
    private Consumer<ExplorerContribution.Entry> created(ExplorerContribution c, ExplorerNode at) {
        List<ExplorerContribution.Entry> batch = new java.util.ArrayList<>();
        return entry -> {
            if (batch.isEmpty()) {
                tree.getElement().getNode().runWhenAttached(ui -> ui.beforeClientResponse(tree, ctx -> createdBatch(c, at, batch)));
            }
            batch.add(entry);
        };
    }

    private void createdBatch(ExplorerContribution c, ExplorerNode at, List<ExplorerContribution.Entry> batch) {
        List<ExplorerContribution.Entry> entries = List.copyOf(batch);
        batch.clear();
        if (entries.isEmpty()) {
            return;
        }
        ExplorerNode.Folder folder = folderOf(c.folder());
        fresh.clear();
        if (entries.size() > 1) {
            entries.forEach(e -> fresh.add(ExplorerNode.entry(at.projectId(), folder, e.key(), e.label(), e.detail())));
        }
        refresh();
        reveal(ExplorerNode.folder(at.projectId(), folder));
        if (entries.size() == 1) {
            actions.openEntry(c, at.projectId(), entries.get(0));
            return;
        }
        ExplorerNode first = ExplorerNode.entry(at.projectId(), folder, entries.get(0).key(), entries.get(0).label(), "");
        tree.select(first);
        var data = tree.getTreeData();
        ExplorerNode project = ExplorerNode.project(at.projectId(), "");
        ExplorerNode folderNode = ExplorerNode.folder(at.projectId(), folder);
        tree.scrollToIndex(data.getRootItems().indexOf(project), data.getChildren(project).indexOf(folderNode),
                Math.max(0, data.getChildren(folderNode).indexOf(first)));
        actions.createdSeveral(at.projectId(), c.folder(), entries.size());
    }

    /** The row the keyboard acts on: the focused one, else the selected one. */
    Optional<ExplorerNode> target() {
        if (focused != null && tree.getTreeData().contains(focused)) {
            return Optional.of(focused);
        }
        return tree.getSelectedItems().stream().findFirst();
    }

    /**
     * Opens the row's context menu from the keyboard. Vaadin's context menu has no Java call to open
     * it, so the browser is asked to send the row the same contextmenu event a right-click sends.
     */
    private void openMenuAtTarget() {
        target().ifPresent(node -> {
            tree.select(node);
            String key = tree.getDataCommunicator().getKeyMapper().key(node);
            menuRequests++;
            tree.getElement().executeJs("""
                    const grid = this, key = $0;
                    const rows = Array.from(grid.shadowRoot.querySelectorAll('tr'));
                    const row = rows.find(r => r._item && r._item.key === key);
                    const cell = row && Array.from(row.querySelectorAll('td')).map(td => td._content).find(c => c);
                    const target = cell || grid;
                    const box = target.getBoundingClientRect();
                    target.dispatchEvent(new MouseEvent('contextmenu', {bubbles: true, composed: true, cancelable: true,
                        clientX: box.left + Math.min(40, box.width / 2), clientY: box.top + box.height / 2}));
                    """, key);
        });
    }

    void open(ExplorerNode node) {
        if (node.isFolder()) {
            if (tree.isExpanded(node)) {
                tree.collapse(node);
            } else {
                tree.expand(node);
            }
            return;
        }
        if (node.isProject()) {
            project(node).ifPresent(actions::open);
        } else if (node.isEntry()) {
            ExplorerContribution c = contributions.get(node.folder());
            actions.openEntry(c, node.projectId(), new ExplorerContribution.Entry(node.entryKey(), node.label(), node.detail()));
        }
    }

    /** With roles, whether the caller may rename or delete the row (projects: owners; entries: editors); if not, says why. */
    private boolean mayChange(ExplorerNode node) {
        try {
            projects.access().require(node.projectId(), node.isProject() ? ProjectRole.OWNER : ProjectRole.EDITOR,
                    node.isProject() ? "rename or delete it" : "rename or delete its " + node.folder().label.toLowerCase(java.util.Locale.ROOT));
            return true;
        } catch (org.recprompt.workspace.security.ProjectAccessException e) {
            org.recprompt.base.ui.Notifications.error(e.getMessage());
            return false;
        }
    }

    private void rename(ExplorerNode node) {
        if ((node.isProject() || node.isEntry()) && !mayChange(node)) {
            return;
        }
        if (node.isProject()) {
            project(node).ifPresent(actions::rename);
        } else if (node.isEntry()) {
            ExplorerContribution c = contributions.get(node.folder());
            actions.renameEntry(c, node.projectId(), new ExplorerContribution.Entry(node.entryKey(), node.label(), node.detail()));
        }
    }

    private void delete(ExplorerNode node) {
        if ((node.isProject() || node.isEntry()) && !mayChange(node)) {
            return;
        }
        if (node.isProject()) {
            project(node).ifPresent(actions::delete);
        } else if (node.isEntry()) {
            ExplorerContribution c = contributions.get(node.folder());
            actions.deleteEntry(c, node.projectId(), new ExplorerContribution.Entry(node.entryKey(), node.label(), node.detail()));
        }
    }

    /** Reloads everything, keeping the expanded and selected rows as they were. */
    void refresh() {
        var all = projects.list();
        localOnly.clear();
        all.stream().filter(p -> p.isLocalOnly()).forEach(p -> localOnly.add(p.getId()));
        List<ExplorerNode> roots = all.stream()
                .map(p -> ExplorerNode.project(p.getId(), p.getName()))
                .toList();
        Optional<ExplorerNode> selected = tree.getSelectedItems().stream().findFirst();
        tree.setItems(roots, this::childrenOf);
        Set<ExplorerNode> keep = new HashSet<>(expanded);
        expanded.clear();
        keep.removeIf(n -> roots.stream().noneMatch(r -> r.projectId() == n.projectId()));
        tree.expand(keep);
        expanded.addAll(keep);
        selected.filter(s -> roots.stream().anyMatch(r -> r.projectId() == s.projectId())).ifPresent(tree::select);
    }

    /** The expanded projects and folders, as of now. */
    Set<ExplorerNode> expandedNodes() {
        return Set.copyOf(expanded);
    }

    /** Expands the rows that still exist (a reload's remembered tree); the others are ignored. */
    void expandAll(java.util.Collection<ExplorerNode> nodes) {
        List<ExplorerNode> present = nodes.stream().filter(n -> tree.getTreeData().contains(n)).toList();
        List<ExplorerNode> projectsFirst = new java.util.ArrayList<>(present.stream().filter(ExplorerNode::isProject).toList());
        projectsFirst.addAll(present.stream().filter(n -> !n.isProject()).toList());
        tree.expand(projectsFirst);
        expanded.addAll(projectsFirst);
    }

    /** Called when a row is expanded or collapsed. */
    void addExpansionListener(Runnable listener) {
        expansionListeners.add(listener);
    }

    /** Shows the node's row, its ancestors expanded, and selects its project. */
    void reveal(ExplorerNode node) {
        ExplorerNode project = ExplorerNode.project(node.projectId(), "");
        tree.expand(project);
        expanded.add(project);
        if (node.folder() != null) {
            ExplorerNode folder = ExplorerNode.folder(node.projectId(), node.folder());
            tree.expand(folder);
            expanded.add(folder);
        }
        select(node.projectId());
    }

    void reveal(Project project) {
        reveal(ExplorerNode.project(project.getId(), project.getName()));
    }

    /** Selects the project's row (as the active editor changes, like Eclipse's link with editor). */
    void select(long projectId) {
        tree.getTreeData().getRootItems().stream().filter(n -> n.projectId() == projectId).findFirst()
                .filter(n -> !tree.getSelectedItems().contains(n))
                .ifPresent(tree::select);
    }

    void onSelection(Consumer<Optional<Project>> listener) {
        tree.addSelectionListener(e -> listener.accept(e.getFirstSelectedItem().flatMap(this::project)));
    }

    private Optional<Project> project(ExplorerNode node) {
        return projects.find(node.projectId());
    }
}
