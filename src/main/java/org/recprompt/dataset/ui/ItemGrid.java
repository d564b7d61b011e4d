package org.recprompt.dataset.ui;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

import org.recprompt.dataset.Dataset;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * The catalog, searchable by title, id or genre. Rows load lazily page by page, and a search
 * scans a lower-cased copy of the titles once (62k items in a few milliseconds), so the grid stays
 * fast on ml-25m.
 */
class ItemGrid extends Composite<Div> {

    final TextField search = new TextField();
    final Grid<Integer> grid = new Grid<>();
    private final Dataset dataset;
    private final String[] haystack;
    private final int[] counts;
    private int[] matches;

    ItemGrid(Dataset dataset) {
        this.dataset = dataset;
        this.counts = dataset.itemCounts();
        this.haystack = new String[dataset.items().size()];
        for (int i = 0; i < haystack.length; i++) {
            haystack[i] = (dataset.items().title(i) + " " + dataset.items().id(i) + " "
                    + String.join(" ", dataset.items().genreNamesOf(i))).toLowerCase(Locale.ROOT);
        }
        this.matches = IntStream.range(0, haystack.length).toArray();
        search.setPlaceholder("Search titles, ids, genres");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setClearButtonVisible(true);
        search.setWidth("24rem");
        search.addValueChangeListener(e -> filter(e.getValue()));
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setHeight("28rem");
        grid.addColumn(i -> dataset.items().id(i)).setHeader("id").setWidth("6rem").setFlexGrow(0);
        grid.addColumn(i -> dataset.items().title(i)).setHeader("title").setFlexGrow(4);
        grid.addColumn(i -> dataset.items().year(i) == 0 ? "" : String.valueOf(dataset.items().year(i)))
                .setHeader("year").setWidth("5rem").setFlexGrow(0);
        grid.addColumn(i -> String.join(", ", dataset.items().genreNamesOf(i))).setHeader("genres").setFlexGrow(3);
        grid.addColumn(i -> counts[i]).setHeader("interactions").setWidth("8rem").setFlexGrow(0);
        grid.setItems(query -> Arrays.stream(matches).skip(query.getOffset()).limit(query.getLimit()).boxed(),
                query -> matches.length);
        getContent().add(search, grid);
    }

    void filter(String text) {
        String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        matches = needle.isEmpty() ? IntStream.range(0, haystack.length).toArray()
                : IntStream.range(0, haystack.length).filter(i -> haystack[i].contains(needle)).toArray();
        grid.getDataProvider().refreshAll();
    }

    int matchCount() {
        return matches.length;
    }
}
