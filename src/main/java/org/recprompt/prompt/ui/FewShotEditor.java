package org.recprompt.prompt.ui;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.Notifications;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.Items;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.prompt.fewshot.FewShotExample;
import org.recprompt.prompt.fewshot.FewShotService;
import org.recprompt.prompt.fewshot.FewShotSet;
import org.recprompt.prompt.fewshot.FewShotSets;
import org.recprompt.prompt.fewshot.ProjectFewShotSet;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * A few-shot set's tab: its YAML (examples with user, history, candidates and answer as the
 * dataset's ids), checked as it is typed, and below it every example's items with their titles from
 * one of the project's datasets (an id that is not in that catalog is said so). Whether an example
 * leaks is checked for each evaluated user when the set is used.
 */
class FewShotEditor implements Editor {

    final TextArea yaml = new TextArea();
    final Span status = new Span();
    /** Which of the project's datasets gives the titles (shown when there are several). */
    final Select<ProjectDataset> catalog = new Select<>();
    /** Where the titles come from, and the ids not in that catalog. */
    final Span itemsStatus = new Span();
    /** Each example's items as "id Title". */
    final Div items = new Div();
    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private Items loaded;
    private FewShotSet parsed;
    private final Div content = new Div();
    private final FewShotService sets;
    private ProjectFewShotSet set;
    private String saved;
    /** The set's save count when this editor read it (the version check on save). */
    private long readVersion;
    /** Why this editor is read only (the caller's role), or null when it may save. */
    private String readOnly;
    private Runnable onChange = () -> { };

    FewShotEditor(FewShotService sets, DatasetService datasets, BackgroundJobs jobs, ProjectFewShotSet set) {
        this.sets = sets;
        this.datasets = datasets;
        this.jobs = jobs;
        this.set = set;
        this.saved = set.getContent();
        this.readVersion = set.getRowVersion();
        content.addClassNames("rp-editor");
        yaml.setId("fewshot-yaml");
        yaml.setWidthFull();
        yaml.setMinHeight("24rem");
        yaml.addClassName("rp-template-text");
        yaml.setValueChangeMode(ValueChangeMode.LAZY);
        yaml.setValue(saved);
        yaml.addValueChangeListener(e -> changed());
        Paragraph help = new Paragraph("Each example: user, history (item ids, oldest first), candidates (item ids, "
                + "may be empty), answer (item ids) or note (free text). Examples come from other users' training data; "
                + "one drawn from the evaluated user or showing one of its held-out items is refused when the set is used.");
        help.addClassName("rp-muted");
        catalog.setLabel("Titles from");
        catalog.setId("fewshot-catalog");
        catalog.setItemLabelGenerator(ProjectDataset::getName);
        itemsStatus.setId("fewshot-items-status");
        itemsStatus.addClassName("rp-muted");
        items.setId("fewshot-items");
        items.addClassName("rp-fewshot-items");
        content.add(help, yaml, status, new H3("Items"), catalog, itemsStatus, items);
        changed();
        List<ProjectDataset> available = datasets.list(set.getProjectId());
        catalog.setItems(available);
        catalog.setVisible(available.size() > 1);
        catalog.addValueChangeListener(e -> load(e.getValue()));
        if (available.isEmpty()) {
            itemsStatus.setText("Import a dataset into the project to see the items' titles here.");
        } else {
            catalog.setValue(available.get(0));
        }
    }

    private void load(ProjectDataset pd) {
        if (pd == null) {
            return;
        }
        loaded = null;
        itemsStatus.setText("Reading " + pd.getName() + "...");
        UI ui = UI.getCurrent();
        jobs.submit("Few-shot titles from " + pd.getName(), monitor -> {
            Items catalogItems = datasets.load(pd).items();
            ui.access(() -> {
                loaded = catalogItems;
                showItems();
            });
        });
    }

    /** Lists each example's ids with their titles; says which ids the catalog does not have. */
    private void showItems() {
        items.removeAll();
        ProjectDataset pd = catalog.getValue();
        if (parsed == null || loaded == null || pd == null) {
            return;
        }
        Set<String> missing = new LinkedHashSet<>();
        int n = 0;
        for (FewShotExample e : parsed.examples()) {
            Div example = new Div();
            example.addClassName("rp-fewshot-example");
            Span head = new Span();
            head.setText("Example " + (++n) + " \u00b7 user " + e.user());
            head.addClassName("rp-fewshot-head");
            example.add(head);
            addLine(example, "history", e.history(), missing);
            addLine(example, "candidates", e.candidates(), missing);
            addLine(example, "answer", e.answer(), missing);
            items.add(example);
        }
        String from = "Titles from " + pd.getName() + ".";
        if (missing.isEmpty()) {
            itemsStatus.setText(from);
            itemsStatus.setClassName("rp-error", false);
        } else {
            List<String> shown = new ArrayList<>(missing).subList(0, Math.min(10, missing.size()));
            itemsStatus.setText(from + " " + missing.size() + (missing.size() == 1 ? " id is" : " ids are") + " not in its catalog: "
                    + String.join(", ", shown) + (missing.size() > shown.size() ? ", ..." : "")
                    + " (a run with this dataset refuses the set).");
            itemsStatus.setClassName("rp-error", true);
        }
    }

    private void addLine(Div example, String label, List<String> ids, Set<String> missing) {
        if (ids.isEmpty()) {
            return;
        }
        Div line = new Div();
        line.addClassName("rp-fewshot-line");
        Span name = new Span();
        name.setText(label + ": ");
        name.addClassName("rp-muted");
        line.add(name);
        for (int k = 0; k < ids.size(); k++) {
            String id = ids.get(k);
            int i = loaded.indexOf(id);
            Span item = new Span();
            if (i < 0) {
                missing.add(id);
                item.setText(id + " (not in the catalog)");
                item.addClassName("rp-error");
            } else {
                item.setText(id + " " + loaded.title(i));
            }
            item.addClassName("rp-fewshot-item");
            line.add(item);
            if (k < ids.size() - 1) {
                line.add(new Span(" \u00b7 "));
            }
        }
        example.add(line);
    }

    private void changed() {
        try {
            parsed = FewShotSets.fromYaml(yaml.getValue(), set.getName());
            showItems();
            status.setText(parsed.examples().size() + " examples \u00b7 strategy " + parsed.strategy() + " \u00b7 seed " + parsed.seed());
            status.setClassName("rp-error", false);
            yaml.setInvalid(false);
        } catch (IllegalArgumentException e) {
            parsed = null;
            items.removeAll();
            status.setText(e.getMessage());
            status.setClassName("rp-error", true);
            yaml.setInvalid(true);
        }
        onChange.run();
    }

    @Override
    public String id() {
        return "project:" + set.getProjectId() + "/fewshot:" + set.getId();
    }

    @Override
    public String title() {
        return set.getName();
    }

    @Override
    public Component content() {
        return content;
    }

    @Override
    public boolean isDirty() {
        return !yaml.getValue().equals(saved);
    }

    /** Makes the editor read only, with the notice saying why at its top. */
    void readOnly(Div notice) {
        readOnly = notice.getText();
        yaml.setReadOnly(true);
        content.addComponentAsFirst(notice);
    }

    @Override
    public boolean save() {
        if (readOnly != null) {
            Notifications.error(readOnly);
            return false;
        }
        try {
            set = sets.save(set.getId(), yaml.getValue(), readVersion);
            readVersion = set.getRowVersion();
            saved = yaml.getValue();
            onChange.run();
            return true;
        } catch (org.recprompt.base.StaleEditException e) {
            org.recprompt.base.ui.StaleEditDialog.open(e, this::reload, () -> {
                readVersion = sets.find(set.getId()).map(ProjectFewShotSet::getRowVersion).orElse(readVersion);
                save();
            });
            return false;
        } catch (IllegalArgumentException | org.recprompt.workspace.security.ProjectAccessException e) {
            Notifications.error(e.getMessage());
            return false;
        }
    }

    /** Shows the set as saved now (after another session saved it), dropping this editor's changes. */
    void reload() {
        sets.find(set.getId()).ifPresent(s -> {
            set = s;
            readVersion = s.getRowVersion();
            saved = s.getContent();
            yaml.setValue(saved);
            onChange.run();
        });
    }

    @Override
    public void setChangeListener(Runnable listener) {
        this.onChange = listener;
    }
}
