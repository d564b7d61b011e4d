package org.recprompt.dataset.ui;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.Charts;
import org.recprompt.base.ui.Editor;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DatasetCharts;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.DatasetStats;
import org.recprompt.dataset.DatasetUploads;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.dataset.UserActivity;
import org.recprompt.dataset.UserAttributeStats;
import org.recprompt.dataset.split.ImportedSplits;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;

/**
 * A dataset's tab: where it came from and under which licence, its statistics, its domain and
 * the publisher's notes, its imported predefined splits ("Import split..."), four charts, its users' attributes (a card and a chart each) and a
 * searchable item grid. The data is read in the background; the tab fills in when it is ready.
 */
class DatasetEditor implements Editor {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());

    final Div content = new Div();
    final Div body = new Div();
    private final ProjectDataset record;
    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private final DatasetUploads uploads;
    final Div splits = new Div();

    DatasetEditor(DatasetService datasets, DatasetUploads uploads, BackgroundJobs jobs, ProjectDataset record) {
        this.record = record;
        this.datasets = datasets;
        this.uploads = uploads;
        this.jobs = jobs;
        content.addClassNames("rp-editor", "rp-dataset");
        content.setId("dataset-editor-" + record.getId());
        H2 heading = new H2(record.getName());
        Span about = new Span(record.getFormat() + " \u00b7 from " + record.getSource() + " \u00b7 imported "
                + WHEN.format(record.getCreatedAt()) + " \u00b7 licence acknowledged "
                + WHEN.format(record.getLicenceAcknowledgedAt()));
        about.addClassName("rp-muted");
        ProgressBar loading = new ProgressBar();
        loading.setIndeterminate(true);
        body.add(new Span("Reading the data..."), loading);
        content.add(heading, about, body);
        UI ui = UI.getCurrent();
        jobs.submitQuiet("Open dataset " + record.getName(), monitor -> {
            try {
                Dataset d = datasets.load(record);
                DatasetStats stats = DatasetStats.of(d);
                String[] charts = {
                    dataUrl(Charts.svg(DatasetCharts.longTail(d, stats), 560, 320)),
                    dataUrl(Charts.svg(DatasetCharts.historyLengths(d), 560, 320)),
                    dataUrl(Charts.svg(DatasetCharts.genres(stats), 560, 380)),
                    dataUrl(Charts.svg(DatasetCharts.ratings(stats), 560, 320))};
                String[] userCharts = stats.userAttributes().stream()
                        .map(a -> dataUrl(Charts.svg(DatasetCharts.userAttribute(a), 560, 320))).toArray(String[]::new);
                ui.access(() -> show(d, stats, charts, userCharts));
            } catch (RuntimeException e) {
                ui.access(() -> {
                    body.removeAll();
                    Span error = new Span("This dataset cannot be read: " + e.getMessage());
                    error.addClassName("rp-error");
                    body.add(error);
                });
                throw e;
            }
        });
    }

    private static String dataUrl(String svg) {
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    }

    void show(Dataset d, DatasetStats s, String[] charts, String[] userCharts) {
        body.removeAll();
        Div cards = new Div();
        cards.addClassName("rp-cards");
        cards.add(card("users", fmt(s.users())), card("items", fmt(s.items())), card("interactions", fmt(s.interactions())),
                card("density", String.format(Locale.ROOT, "%.6f", s.density())),
                card("sparsity (1 - density)", String.format(Locale.ROOT, "%.6f", s.sparsity())),
                card(UserActivity.coldUsers("interactions"), fmt(s.coldUsers())),
                card("head items (80% of interactions)", String.format(Locale.ROOT, "%,d (%.1f%%)", s.headItems(), 100 * s.headItemsShare())),
                card("popularity Gini", String.format(Locale.ROOT, "%.4f", s.itemPopularityGini())),
                summaryCard("interactions per user", s.perUser()), summaryCard("interactions per item", s.perItem()),
                card("time span", !s.hasTimestamps() ? "no timestamps: time-ordered splits are refused"
                        : s.firstTimestamp() == 0 ? "none"
                        : s.first().toString().substring(0, 10) + " to " + s.last().toString().substring(0, 10)),
                card("duplicates", s.duplicates().describe()));
        Div chartGrid = new Div();
        chartGrid.addClassName("rp-charts");
        String[] alts = {"Item popularity long tail", "History length histogram", "Genre distribution", "Rating histogram"};
        for (int k = 0; k < charts.length; k++) {
            Image image = new Image(charts[k], alts[k]);
            image.addClassName("rp-chart");
            chartGrid.add(image);
        }
        body.add(cards, publisher(d), splitsSection(), new H3("Charts"), chartGrid);
        if (!s.userAttributes().isEmpty()) {
            body.add(new H3("User attributes"), userAttributes(s, userCharts));
        }
        body.add(new H3("Items"), new ItemGrid(d));
    }

    /** The predefined splits kept beside the dataset, each with the experiment line naming it, and "Import split...". */
    Div splitsSection() {
        Div section = new Div();
        section.setId("dataset-splits");
        section.addClassName("rp-dataset-splits");
        Button importSplit = new Button("Import split...", e -> new ImportSplitDialog(datasets, uploads, jobs, record,
                this::listSplits).open());
        importSplit.setId("import-split");
        Span about = new Span("A paper's train/test(/validation) files, checked against this dataset and kept beside it; "
                + "an experiment names them with the line shown.");
        about.addClassName("rp-muted");
        section.add(new H3("Predefined splits"), about, importSplit, splits);
        listSplits();
        return section;
    }

    void listSplits() {
        splits.removeAll();
        List<ImportedSplits.Stored> stored;
        try {
            stored = ImportedSplits.list(datasets.folder(record));
        } catch (RuntimeException e) {
            Span error = new Span("The splits cannot be listed: " + e.getMessage());
            error.addClassName("rp-error");
            splits.add(error);
            return;
        }
        if (stored.isEmpty()) {
            Span none = new Span("No split imported yet: experiments split this dataset themselves (leave-last-out by default).");
            none.addClassName("rp-muted");
            splits.add(none);
            return;
        }
        for (ImportedSplits.Stored s : stored) {
            Div entry = new Div();
            entry.addClassName("rp-split-entry");
            entry.setId("split-" + s.name());
            Span title = new Span(s.name());
            title.addClassName("rp-split-name");
            entry.add(title);
            for (String line : s.about()) {
                Div about = new Div();
                about.setText(line);
                about.addClassName("rp-muted");
                entry.add(about);
            }
            Pre yaml = new Pre(s.experimentLine(record.getFolder()));
            yaml.addClassName("rp-split-yaml");
            entry.add(yaml);
            splits.add(entry);
        }
    }

    /** A card per attribute (users with a value, distinct values, the most frequent) and its chart. */
    static Div userAttributes(DatasetStats s, String[] userCharts) {
        Div section = new Div();
        section.setId("dataset-user-attributes");
        Div cards = new Div();
        cards.addClassName("rp-cards");
        Div grid = new Div();
        grid.addClassName("rp-charts");
        for (int k = 0; k < s.userAttributes().size(); k++) {
            UserAttributeStats a = s.userAttributes().get(k);
            cards.add(card(a.name(), String.format(Locale.ROOT, "%,d users, %,d values", a.withValue(), a.distinct())
                    + (a.withoutValue() > 0 ? String.format(Locale.ROOT, " (%,d without)", a.withoutValue()) : "")
                    + (a.numeric() == null ? "" : String.format(Locale.ROOT, "; min %s, median %s, max %s", plain(a.numeric().min()),
                            plain(a.numeric().median()), plain(a.numeric().max())))));
            if (k < userCharts.length) {
                Image image = new Image(userCharts[k], "Users by " + a.name());
                image.addClassName("rp-chart");
                grid.add(image);
            }
        }
        section.add(cards, grid);
        return section;
    }

    private static String plain(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** What the items are (the prompts' words) and what the publisher says about the data, as text. */
    static Div publisher(Dataset d) {
        Div box = new Div();
        box.addClassName("rp-dataset-publisher");
        Span domain = new Span("Domain: " + d.domain().noun() + " (" + d.domain().plural() + ", " + d.domain().verb()
                + "); the prompts' {{domain}}, {{verb}} ... read these words.");
        domain.setId("dataset-domain");
        box.add(new H3("Domain and the publisher's notes"), domain);
        Div notes = new Div();
        notes.setId("dataset-notes");
        if (d.notes().isEmpty()) {
            notes.add(new Span("The publisher's descriptor states no facts about this data."));
            notes.addClassName("rp-muted");
        } else {
            com.vaadin.flow.component.html.UnorderedList list = new com.vaadin.flow.component.html.UnorderedList();
            d.notes().forEach(n -> list.add(new com.vaadin.flow.component.html.ListItem(n)));
            notes.add(list);
        }
        box.add(notes);
        return box;
    }

    private static Div card(String label, String value) {
        Div card = new Div();
        card.addClassName("rp-card");
        Span v = new Span(value);
        v.addClassName("rp-card-value");
        Span l = new Span(label);
        l.addClassName("rp-card-label");
        card.add(v, l);
        return card;
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The four numbers of a distribution, each above the word that says what it is (min, median, mean, max). */
    static Div summaryCard(String label, DatasetStats.Summary s) {
        Div values = new Div();
        values.addClassNames("rp-card-value", "rp-card-summary");
        String[][] parts = {{String.format(Locale.ROOT, "%,d", s.min()), "min"},
            {s.median() == Math.rint(s.median()) ? String.format(Locale.ROOT, "%,d", (long) s.median())
                : String.valueOf(s.median()), "median"},
            {String.format(Locale.ROOT, "%,.1f", s.mean()), "mean"}, {String.format(Locale.ROOT, "%,d", s.max()), "max"}};
        for (String[] p : parts) {
            Span number = new Span(p[0]);
            Span word = new Span(p[1]);
            word.addClassName("rp-card-summary-word");
            values.add(new Span(number, word));
        }
        Span l = new Span(label);
        l.addClassName("rp-card-label");
        Div card = new Div(values, l);
        card.addClassName("rp-card");
        card.getElement().setAttribute("title", String.format(Locale.ROOT, "%s: min %s, median %s, mean %s, max %s", label,
                parts[0][0], parts[1][0], parts[2][0], parts[3][0]));
        return card;
    }

    @Override
    public String id() {
        return "project:" + record.getProjectId() + "/dataset:" + record.getId();
    }

    @Override
    public String title() {
        return record.getName();
    }

    @Override
    public Component content() {
        return content;
    }
}
