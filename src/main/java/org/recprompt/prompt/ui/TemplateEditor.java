package org.recprompt.prompt.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.Notifications;
import org.recprompt.dataset.DatasetService;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.PromptTemplate;
import org.recprompt.prompt.TemplateException;
import org.recprompt.prompt.TemplateLint;
import org.recprompt.prompt.TemplateService;
import org.recprompt.prompt.TemplateVersion;

import org.recprompt.base.StaleEditException;
import org.recprompt.base.ui.StaleEditDialog;
import org.recprompt.workspace.security.ProjectAccessException;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.splitlayout.SplitLayout;

/**
 * A template's tab: the text with Mustache highlighting, completion and lint (left), and the
 * problems, the saved versions and a live preview for a real user (right). Ctrl+S saves a new
 * version; when the linter finds errors it first asks ("Save with 2 errors?"), warnings save
 * without asking.
 */
class TemplateEditor implements Editor {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
            .withZone(ZoneId.systemDefault());

    final TemplateTextArea text;
    final Div problems = new Div();
    final Select<TemplateVersion> versions = new Select<>();
    final TemplatePreview preview;
    final Div onDisk = new Div();
    private final SplitLayout content;
    private final TemplateService templates;
    private ProjectTemplate template;
    private String saved;
    /** The template's save count when this editor read it (the version check on save). */
    private long readVersion;
    /** Why this editor is read only (the caller's role), or null when it may save. */
    private String readOnly;
    private final Div side;
    private Runnable onChange = () -> { };
    /** The open "Save with N errors?" question, if any. */
    ConfirmDialog confirmErrors;

    TemplateEditor(TemplateService templates, DatasetService datasets, BackgroundJobs jobs, ProjectTemplate template) {
        this(templates, datasets, jobs, template, () -> false);
    }

    /** {@code localOnly}: whether the template's project is local only now (the preview then loads no image URL). */
    TemplateEditor(TemplateService templates, DatasetService datasets, BackgroundJobs jobs, ProjectTemplate template,
            java.util.function.BooleanSupplier localOnly) {
        this.templates = templates;
        this.template = template;
        this.saved = templates.text(template);
        this.readVersion = template.getRowVersion();
        this.text = new TemplateTextArea();
        this.preview = new TemplatePreview(datasets, jobs, template.getProjectId(), localOnly);
        text.setValue(saved);
        text.addValueChangeListener(e -> changed());
        problems.addClassName("rp-problems");
        problems.setId("template-problems");
        versions.setLabel("Versions");
        versions.setId("template-versions");
        // Wide enough for "v12 · 12/5/26, 10:14 PM" (the default width cut the time off).
        versions.addClassName("rp-template-versions");
        versions.setItemLabelGenerator(v -> v.getVersion() + " \u00b7 " + WHEN.format(v.getSavedAt()));
        versions.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null && !e.getValue().getVersion().equals(currentVersion())) {
                text.setValue(templates.text(template.getId(), e.getValue().getVersion()));
                Notifications.info("Loaded version " + e.getValue().getVersion() + "; save to make it current again.");
            }
        });
        onDisk.addClassName("rp-muted");
        onDisk.setText("On disk: " + templates.file(template) + " (for the command line)");
        side = new Div(versions, onDisk, new Span("Problems"), problems, new Span("Preview"), preview);
        side.addClassName("rp-template-side");
        content = new SplitLayout(text.component(), side);
        content.setSizeFull();
        content.setSplitterPosition(50);
        content.addClassName("rp-template-editor");
        refreshVersions();
        changed();
    }

    private String currentVersion() {
        return template.getCurrentVersion();
    }

    private void refreshVersions() {
        List<TemplateVersion> all = templates.versions(template.getId());
        versions.setItems(all);
        all.stream().filter(v -> v.getVersion().equals(template.getCurrentVersion())).findFirst().ifPresent(versions::setValue);
    }

    private void changed() {
        List<TemplateLint.Problem> found = TemplateLint.check(text.getValue(), template.getName());
        text.setProblems(found);
        problems.removeAll();
        if (found.isEmpty()) {
            problems.add(new Span("No problems."));
        }
        for (TemplateLint.Problem p : found) {
            Div row = new Div();
            row.setText("line " + p.line() + ": " + p.message());
            row.addClassName(p.error() ? "rp-error" : "rp-warning");
            problems.add(row);
        }
        try {
            PromptTemplate parsed = PromptTemplate.parse(text.getValue(), template.getName());
            text.completeFor(parsed.blocks().stream().map(PromptTemplate.Block::step).filter(java.util.Objects::nonNull).toList());
            preview.show(parsed);
        } catch (TemplateException e) {
            preview.output.setText("Cannot render: " + e.getMessage());
        }
        onChange.run();
    }

    long templateId() {
        return template.getId();
    }

    @Override
    public String id() {
        return "project:" + template.getProjectId() + "/template:" + template.getId();
    }

    @Override
    public String title() {
        return template.getName();
    }

    @Override
    public Component content() {
        return content;
    }

    @Override
    public boolean isDirty() {
        return !text.getValue().equals(saved);
    }

    /**
     * Saves a new version, or, when the linter finds errors, asks first and returns false: the
     * question's "Save anyway" saves, "Keep editing" leaves the text unsaved.
     */
    /** Makes the editor read only, with the notice saying why at the top of its side panel. */
    void readOnly(Div notice) {
        readOnly = notice.getText();
        text.setReadOnly(true);
        versions.setReadOnly(true);
        side.addComponentAsFirst(notice);
    }

    @Override
    public boolean save() {
        if (readOnly != null) {
            Notifications.error(readOnly);
            return false;
        }
        List<TemplateLint.Problem> errors = TemplateLint.check(text.getValue(), template.getName()).stream()
                .filter(TemplateLint.Problem::error).toList();
        if (errors.isEmpty()) {
            return saveNow();
        }
        if (confirmErrors != null && confirmErrors.isOpened()) {
            return false;
        }
        StringBuilder why = new StringBuilder();
        errors.stream().limit(5).forEach(p -> why.append(why.isEmpty() ? "" : "; ").append("line ").append(p.line())
                .append(": ").append(p.message()));
        if (errors.size() > 5) {
            why.append("; and ").append(errors.size() - 5).append(" more");
        }
        int n = errors.size();
        confirmErrors = new ConfirmDialog("Save with " + n + (n == 1 ? " error?" : " errors?"),
                why + (why.toString().matches("(?s).*[.?!]$") ? " " : ". ")
                        + "Saved as it is, the template may render these parts empty or be refused by a run.", "Save anyway", e -> saveNow(),
                "Keep editing", e -> { });
        confirmErrors.setCancelable(true);
        confirmErrors.setConfirmButtonTheme("error primary");
        confirmErrors.setId("template-save-errors");
        confirmErrors.open();
        return false;
    }

    private boolean saveNow() {
        try {
            template = templates.save(template.getId(), text.getValue(), readVersion);
            readVersion = template.getRowVersion();
            saved = text.getValue();
            refreshVersions();
            onChange.run();
            Notifications.info("Saved " + template.getName() + " as version " + template.getCurrentVersion());
            return true;
        } catch (StaleEditException e) {
            StaleEditDialog.open(e, this::reload, () -> {
                readVersion = templates.find(template.getId()).map(ProjectTemplate::getRowVersion).orElse(readVersion);
                saveNow();
            });
            return false;
        } catch (TemplateException | IllegalArgumentException | ProjectAccessException e) {
            Notifications.error(e.getMessage());
            return false;
        }
    }

    /** Shows the template as saved now (after another session saved it), dropping this editor's changes. */
    void reload() {
        templates.find(template.getId()).ifPresent(t -> {
            template = t;
            readVersion = t.getRowVersion();
            saved = templates.text(t);
            text.setValue(saved);
            refreshVersions();
            onChange.run();
            Notifications.info("Reloaded " + t.getName() + (t.getSavedBy().isEmpty() ? "" : " as saved by " + t.getSavedBy()));
        });
    }

    @Override
    public void setChangeListener(Runnable listener) {
        this.onChange = listener;
    }
}
