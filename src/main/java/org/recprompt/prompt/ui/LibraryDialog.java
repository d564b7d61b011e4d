package org.recprompt.prompt.ui;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.base.ui.Notifications;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.PromptTemplate;
import org.recprompt.prompt.TemplateException;
import org.recprompt.prompt.TemplateService;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;

/** Picks templates from the shipped library (one per paradigm and task) and copies them into the project. */
class LibraryDialog extends Dialog {

    final Grid<PromptTemplate> grid = new Grid<>();
    final Button importButton = new Button("Import");

    LibraryDialog(TemplateService templates, long projectId, Consumer<ExplorerContribution.Entry> onCreated) {
        setHeaderTitle("Import templates from the library");
        setWidth("64rem");
        setHeight("36rem");
        Set<String> existing = templates.list(projectId).stream().map(ProjectTemplate::getName).collect(Collectors.toSet());
        grid.setItems(templates.library().all());
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(PromptTemplate::name).setHeader("template").setAutoWidth(true);
        grid.addColumn(t -> t.meta().kind().id()).setHeader("kind").setAutoWidth(true);
        grid.addColumn(t -> t.meta().output().id()).setHeader("output").setAutoWidth(true);
        grid.addColumn(t -> t.meta().paradigm()).setHeader("paradigm").setFlexGrow(1);
        grid.addColumn(t -> t.meta().tests()).setHeader("tests").setFlexGrow(2);
        grid.setSizeFull();
        add(grid);
        importButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        importButton.addClickListener(e -> {
            List<ProjectTemplate> imported = new java.util.ArrayList<>();
            for (PromptTemplate t : grid.getSelectedItems().stream().sorted(java.util.Comparator.comparing(PromptTemplate::name)).toList()) {
                if (existing.contains(t.name())) {
                    Notifications.error("The project already has " + t.name() + "; it was not imported again.");
                    continue;
                }
                try {
                    imported.add(templates.importFromLibrary(projectId, t.name()));
                } catch (TemplateException ex) {
                    Notifications.error(ex.getMessage());
                }
            }
            close();
            imported.forEach(t -> onCreated.accept(TemplateExplorer.entry(t)));
        });
        getFooter().add(new Button("Cancel", e -> close()), importButton);
    }
}
