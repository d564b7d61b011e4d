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

import com.vaadin.flow.component.Composite;
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
 * row (open, rename, delete, a folder's actions such as "Import dataset...").
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
    }

    final TreeGrid<ExplorerNode> tree = new TreeGrid<>();
    final GridContextMenu<ExplorerNode> menu;
    private final ProjectService projects;
    private final Actions actions;
    private final Map<ExplorerNode.Folder, ExplorerContribution> contributions;
    private final Set<ExplorerNode> expanded = new HashSet<>();

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
        tree.addExpandListener(e -> expanded.addAll(e.getItems()));
        tree.addCollapseListener(e -> expanded.removeAll(e.getItems()));
        tree.addItemDoubleClickListener(e -> open(e.getItem()));
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
        HorizontalLayout row = new HorizontalLayout(icon, new Span(node.label()));
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

    /** The folder's entry count, from the tree already loaded (no second query per rendered row). */
    private String count(ExplorerNode folder) {
        int n = tree.getTreeData().contains(folder) ? tree.getTreeData().getChildren(folder).size() : 0;
        return n == 0 ? "(empty)" : "(" + n + ")";
    }

    private GridContextMenu<ExplorerNode> buildContextMenu() {
        GridContextMenu<ExplorerNode> m = tree.addContextMenu();
        GridMenuItem<ExplorerNode> open = m.addItem("Open", e -> e.getItem().ifPresent(this::open));
        GridMenuItem<ExplorerNode> rename = m.addItem("Rename...", e -> e.getItem().ifPresent(this::rename));
        GridMenuItem<ExplorerNode> delete = m.addItem("Delete...", e -> e.getItem().ifPresent(this::delete));
        Map<GridMenuItem<ExplorerNode>, ExplorerNode.Folder> folderItems = new java.util.HashMap<>();
        contributions.forEach((folder, c) -> c.folderActions().forEach(a -> folderItems.put(
                m.addItem(a.label(), e -> e.getItem().ifPresent(node -> a.handler().run(node.projectId(), created -> {
                    refresh();
                    reveal(node);
                    actions.openEntry(c, node.projectId(), created);
                }))), folder)));
        Map<GridMenuItem<ExplorerNode>, ExplorerNode.Folder> entryItems = new java.util.HashMap<>();
        contributions.forEach((folder, c) -> c.entryActions().forEach(a -> entryItems.put(
                m.addItem(a.label(), e -> e.getItem().filter(ExplorerNode::isEntry).ifPresent(node -> a.handler().run(node.projectId(),
                        new ExplorerContribution.Entry(node.entryKey(), node.label(), node.detail())))), folder)));
        Map<GridMenuItem<ExplorerNode>, Boolean> projectItems = new java.util.HashMap<>();
        projectActions.forEach(pa -> pa.actions().forEach(a -> projectItems.put(m.addItem(a.label(), e -> {
            Long id = a.onProject() ? e.getItem().map(ExplorerNode::projectId).orElse(null) : null;
            a.handler().run(id, changed -> refresh());
        }), a.onProject())));
        m.addSeparator();
        m.addItem("New project...", e -> actions.newProject());
        m.setDynamicContentHandler(node -> {
            boolean none = node == null;
            open.setVisible(!none && !node.isFolder());
            rename.setVisible(!none && (node.isProject() || node.isEntry() && contributions.get(node.folder()).canRename()));
            delete.setVisible(!none && (node.isProject() || node.isEntry() && contributions.get(node.folder()).canDelete()));
            folderItems.forEach((item, folder) -> item.setVisible(!none && node.folder() == folder));
            entryItems.forEach((item, folder) -> item.setVisible(!none && node.isEntry() && node.folder() == folder));
            projectItems.forEach((item, onProject) -> item.setVisible(!onProject || !none && node.isProject()));
            return true;
        });
        return m;
    }

    private void open(ExplorerNode node) {
        if (node.isProject()) {
            project(node).ifPresent(actions::open);
        } else if (node.isEntry()) {
            ExplorerContribution c = contributions.get(node.folder());
            actions.openEntry(c, node.projectId(), new ExplorerContribution.Entry(node.entryKey(), node.label(), node.detail()));
        }
    }

    private void rename(ExplorerNode node) {
        if (node.isProject()) {
            project(node).ifPresent(actions::rename);
        } else if (node.isEntry()) {
            ExplorerContribution c = contributions.get(node.folder());
            actions.renameEntry(c, node.projectId(), new ExplorerContribution.Entry(node.entryKey(), node.label(), node.detail()));
        }
    }

    private void delete(ExplorerNode node) {
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
