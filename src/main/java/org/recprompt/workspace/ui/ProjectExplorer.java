package org.recprompt.workspace.ui;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.grid.contextmenu.GridContextMenu;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.treegrid.TreeGrid;

/**
 * The project explorer: every project of the workspace, and under each the folders of what it
 * holds. Double-click opens; the context menu opens, renames and deletes.
 */
class ProjectExplorer extends Composite<Div> {

    /** What the explorer asks the workbench to do. */
    interface Actions {
        void open(Project project);

        void rename(Project project);

        void delete(Project project);

        void newProject();
    }

    final TreeGrid<ExplorerNode> tree = new TreeGrid<>();
    final GridContextMenu<ExplorerNode> menu;
    private final ProjectService projects;
    private final Actions actions;
    private final Set<ExplorerNode> expanded = new HashSet<>();

    ProjectExplorer(ProjectService projects, Actions actions) {
        this.projects = projects;
        this.actions = actions;
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
        tree.addItemDoubleClickListener(e -> project(e.getItem()).ifPresent(actions::open));
        tree.setEmptyStateText("No projects yet: use New project in the toolbar.");
        menu = buildContextMenu();
        refresh();
    }

    private HorizontalLayout renderNode(ExplorerNode node) {
        Icon icon = node.isProject() ? VaadinIcon.CUBE.create() : VaadinIcon.FOLDER_O.create();
        icon.addClassName("rp-node-icon");
        Span label = new Span(node.label());
        HorizontalLayout row = new HorizontalLayout(icon, label);
        row.setSpacing(false);
        row.addClassName(node.isProject() ? "rp-node-project" : "rp-node-folder");
        if (!node.isProject()) {
            Span count = new Span("(empty)");
            count.addClassName("rp-node-count");
            row.add(count);
        }
        return row;
    }

    private GridContextMenu<ExplorerNode> buildContextMenu() {
        GridContextMenu<ExplorerNode> menu = tree.addContextMenu();
        menu.addItem("Open", e -> e.getItem().flatMap(this::project).ifPresent(actions::open));
        menu.addItem("Rename...", e -> e.getItem().flatMap(this::project).ifPresent(actions::rename));
        menu.addItem("Delete...", e -> e.getItem().flatMap(this::project).ifPresent(actions::delete));
        menu.addSeparator();
        menu.addItem("New project...", e -> actions.newProject());
        return menu;
    }

    /** Reloads the projects, keeping the expanded and selected rows as they were. */
    void refresh() {
        List<ExplorerNode> roots = projects.list().stream()
                .map(p -> ExplorerNode.project(p.getId(), p.getName()))
                .toList();
        Set<ExplorerNode> keep = new HashSet<>(expanded);
        keep.retainAll(roots);
        Optional<ExplorerNode> selected = tree.getSelectedItems().stream().findFirst();
        tree.setItems(roots, ExplorerNode::children);
        expanded.clear();
        tree.expand(keep);
        expanded.addAll(keep);
        selected.map(s -> roots.stream().filter(r -> r.projectId() == s.projectId()).findFirst().orElse(null))
                .ifPresent(tree::select);
    }

    /** Shows the project's row, expanded and selected. */
    void reveal(Project project) {
        ExplorerNode node = ExplorerNode.project(project.getId(), project.getName());
        tree.expand(node);
        expanded.add(node);
        select(project.getId());
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
