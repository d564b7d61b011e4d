package org.recprompt.prompt.ui;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.ItemThumbnail;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.prompt.PromptContext;
import org.recprompt.prompt.PromptTemplate;
import org.recprompt.prompt.RenderedPrompt;
import org.recprompt.prompt.TemplateException;
import org.recprompt.prompt.TemplateRenderer;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;

/**
 * The live preview beside a template: the template rendered for a chosen user of one of the
 * project's datasets (temporal leave-last-out split, seeded candidates with the held-out item),
 * with a token estimate and a warning when a backend's context window would be exceeded, and the
 * history's and candidates' images as thumbnails when the dataset has item images.
 * The rendered text is shown as plain text.
 */
class TemplatePreview extends Composite<Div> {

    /** Context windows of common backends, in tokens. */
    static final Map<String, Integer> WINDOWS = Map.of("4k (small local models)", 4096, "8k (Llama 3 8B)", 8192,
            "32k", 32768, "128k (GPT-4o, Llama 3.1)", 131072, "200k (Claude)", 200000);

    final Select<ProjectDataset> dataset = new Select<>();
    final ComboBox<String> user = new ComboBox<>("User");
    final IntegerField seed = new IntegerField("Seed");
    final Select<String> window = new Select<>();
    final Span tokens = new Span();
    final Pre output = new Pre();
    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private Dataset loaded;
    private Split split;
    private PromptTemplate template;
    /** The history's and the candidates' image thumbnails (when the dataset has images). */
    final Div images = new Div();
    private final BooleanSupplier localOnly;

    TemplatePreview(DatasetService datasets, BackgroundJobs jobs, long projectId) {
        this(datasets, jobs, projectId, () -> false);
    }

    /** {@code localOnly}: whether the project is local only now (its items' image URLs are then not loaded). */
    TemplatePreview(DatasetService datasets, BackgroundJobs jobs, long projectId, BooleanSupplier localOnly) {
        this.localOnly = localOnly;
        this.datasets = datasets;
        this.jobs = jobs;
        Div root = getContent();
        root.addClassName("rp-preview");
        dataset.setLabel("Dataset");
        List<ProjectDataset> available = datasets.list(projectId);
        dataset.setItems(available);
        dataset.setItemLabelGenerator(ProjectDataset::getName);
        dataset.setEmptySelectionAllowed(false);
        user.setAllowCustomValue(false);
        user.setWidth("9rem");
        seed.setValue(7);
        seed.setWidth("6rem");
        window.setLabel("Context window");
        window.setItems(WINDOWS.keySet().stream().sorted((a, b) -> Integer.compare(WINDOWS.get(a), WINDOWS.get(b))).toList());
        window.setValue("8k (Llama 3 8B)");
        HorizontalLayout controls = new HorizontalLayout(dataset, user, seed, window);
        controls.setAlignItems(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.BASELINE);
        controls.addClassName("rp-preview-controls");
        tokens.addClassName("rp-muted");
        output.addClassName("rp-preview-text");
        images.setId("preview-images");
        images.addClassName("rp-preview-images");
        images.setVisible(false);
        root.add(controls, tokens, output, images);
        dataset.addValueChangeListener(e -> load(e.getValue()));
        user.addValueChangeListener(e -> refresh());
        seed.addValueChangeListener(e -> refresh());
        window.addValueChangeListener(e -> refresh());
        if (available.isEmpty()) {
            output.setText("Import a dataset into this project (right-click its Datasets folder) to preview the template for a real user.");
        }
        // Read the data only once the preview is on screen (an editor built and discarded costs nothing).
        addAttachListener(e -> {
            if (dataset.getValue() == null && !available.isEmpty()) {
                dataset.setValue(available.get(0));
            }
        });
    }

    private void load(ProjectDataset pd) {
        if (pd == null) {
            return;
        }
        output.setText("Reading " + pd.getName() + "...");
        UI ui = UI.getCurrent();
        jobs.submitQuiet("Preview data " + pd.getName(), monitor -> {
            Dataset d = datasets.load(pd);
            Split s = Splits.leaveLastOut(d);
            List<String> users = IntStream.of(s.evaluableUsers()).mapToObj(u -> d.users().id(u)).toList();
            ui.access(() -> {
                loaded = d;
                split = s;
                user.setItems(users);
                if (!users.isEmpty()) {
                    user.setValue(users.get(0));
                }
                refresh();
            });
        });
    }

    /** Shows the template rendered for the chosen user (called on every edit). */
    void show(PromptTemplate t) {
        this.template = t;
        refresh();
    }

    void refresh() {
        if (template == null || split == null || user.getValue() == null) {
            return;
        }
        int u = loaded.users().indexOf(user.getValue());
        try {
            PromptContext ctx = PromptContext.of(split, u).forTemplate(template.meta());
            int[] held = split.heldOut(u);
            ctx.candidates(CandidateSampler.random(split, Math.max(2, template.meta().candidates()),
                    seed.getValue() == null ? 7 : seed.getValue()).sample(u));
            ctx.item(held[0]);
            ctx.sensitive("gender", "female");
            Map<String, Object> values = ctx.build();
            RenderedPrompt r = TemplateRenderer.render(template, values);
            output.setText(r.toText());
            showImages(values);
            int limit = WINDOWS.getOrDefault(window.getValue(), 8192);
            int estimate = r.estimatedTokens();
            tokens.setText(String.format(Locale.ROOT, "\u2248 %,d tokens (version %s)%s", estimate, r.version(),
                    estimate > limit ? String.format(Locale.ROOT, " \u2014 exceeds the %,d-token context window", limit) : ""));
            tokens.setClassName("rp-warning", estimate > limit);
        } catch (TemplateException | IllegalArgumentException e) {
            output.setText("Cannot render: " + e.getMessage());
            tokens.setText("");
            images.removeAll();
            images.setVisible(false);
        }
    }

    /** The history's and the candidates' images as thumbnails, in the prompt's order; hidden when none has one. */
    @SuppressWarnings("unchecked")
    private void showImages(Map<String, Object> values) {
        images.removeAll();
        boolean localOnly = this.localOnly.getAsBoolean();
        Div history = thumbnails((List<Map<String, Object>>) values.getOrDefault("history", List.of()), localOnly);
        Div candidates = thumbnails((List<Map<String, Object>>) values.getOrDefault("candidates", List.of()), localOnly);
        images.setVisible(history.getComponentCount() + candidates.getComponentCount() > 0);
        if (history.getComponentCount() > 0) {
            images.add(new Span("History's images"), history);
        }
        if (candidates.getComponentCount() > 0) {
            images.add(new Span(template.meta().images() ? "Candidates' images (attached to the prompt in this order)"
                    : "Candidates' images (this template attaches none)"), candidates);
        }
    }

    private static Div thumbnails(List<Map<String, Object>> items, boolean localOnly) {
        Div strip = new Div();
        strip.addClassName("rp-thumbs");
        for (Map<String, Object> item : items) {
            Object image = item.get("image");
            Component thumb = ItemThumbnail.of(image == null ? null : image.toString(), String.valueOf(item.get("title")), localOnly);
            if (thumb != null) {
                strip.add(thumb);
            }
        }
        return strip;
    }
}
