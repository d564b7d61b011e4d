package org.recprompt.workspace.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.recprompt.base.ui.Editor;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;

/**
 * The centre of the workbench: one closable tab per open editor. A tab whose editor has unsaved
 * changes shows {@code *} before its title (as Eclipse does); closing it asks whether to save.
 */
class EditorArea extends Composite<TabSheet> {

    static final String DIRTY_MARK = "*";

    private final Map<String, Editor> editors = new LinkedHashMap<>();
    private final Map<String, Tab> tabs = new LinkedHashMap<>();
    private final Map<String, Span> titles = new LinkedHashMap<>();
    private final List<Runnable> stateListeners = new ArrayList<>();
    private final List<java.util.function.Consumer<String>> selectionListeners = new ArrayList<>();

    EditorArea() {
        getContent().setSizeFull();
        getContent().addClassName("rp-editor-area");
        getContent().addSelectedChangeListener(e -> {
            fireStateChanged();
            active().ifPresent(editor -> selectionListeners.forEach(l -> l.accept(editor.id())));
        });
    }

    /** The id of the tab element showing the editor (the page uses it to say which tab was scrolled). */
    static String tabId(String editorId) {
        return "editor-tab-" + editorId.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    /** Called with the editor's id whenever another tab becomes the active one. */
    void addSelectionListener(java.util.function.Consumer<String> listener) {
        selectionListeners.add(listener);
    }

    /** Opens the editor in a new tab, or selects the tab already showing the same input. */
    void open(Editor editor) {
        Tab existing = tabs.get(editor.id());
        if (existing != null) {
            getContent().setSelectedTab(existing);
            return;
        }
        Span title = new Span();
        title.addClassName("rp-tab-title");
        Button close = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> close(editor.id()));
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
        close.addClassName("rp-tab-close");
        close.setAriaLabel("Close " + editor.title());
        Tab tab = new Tab(title, close);
        tab.setId(tabId(editor.id()));
        editors.put(editor.id(), editor);
        tabs.put(editor.id(), tab);
        titles.put(editor.id(), title);
        editor.setChangeListener(() -> refreshTitle(editor));
        refreshTitle(editor);
        getContent().add(tab, editor.content());
        getContent().setSelectedTab(tab);
        fireStateChanged();
    }

    /** Closes the tab; with unsaved changes it asks first: save, discard or cancel. */
    void close(String id) {
        Editor editor = editors.get(id);
        if (editor == null) {
            return;
        }
        if (!editor.isDirty()) {
            forceClose(id);
            return;
        }
        ConfirmDialog ask = new ConfirmDialog();
        ask.setHeader("Save changes to " + editor.title() + "?");
        ask.setText("Your changes are lost if you close the editor without saving them.");
        ask.setConfirmText("Save");
        ask.addConfirmListener(e -> {
            if (editor.save()) {
                forceClose(id);
            }
        });
        ask.setRejectable(true);
        ask.setRejectText("Discard");
        ask.addRejectListener(e -> forceClose(id));
        ask.setCancelable(true);
        ask.open();
    }

    /** Closes the tab without asking, for example because its input was deleted. */
    void forceClose(String id) {
        Tab tab = tabs.remove(id);
        if (tab == null) {
            return;
        }
        editors.remove(id);
        titles.remove(id);
        getContent().remove(tab);
        fireStateChanged();
    }

    /** Closes, without asking, every editor whose id matches. */
    void forceCloseAll(Predicate<String> ids) {
        new ArrayList<>(editors.keySet()).stream().filter(ids).forEach(this::forceClose);
    }

    /** Closes the active tab (Ctrl+W, Alt+W), asking first when it has unsaved changes. */
    void closeActive() {
        active().ifPresent(editor -> close(editor.id()));
    }

    /** Selects the tab of an open editor; false when it is not open. */
    boolean select(String id) {
        Tab tab = tabs.get(id);
        if (tab != null) {
            getContent().setSelectedTab(tab);
        }
        return tab != null;
    }

    /** Whether any open editor has unsaved changes. */
    boolean anyDirty() {
        return editors.values().stream().anyMatch(Editor::isDirty);
    }

    Optional<Editor> active() {
        Tab selected = getContent().getSelectedTab();
        return tabs.entrySet().stream()
                .filter(e -> e.getValue().equals(selected))
                .map(e -> editors.get(e.getKey()))
                .findFirst();
    }

    /** Saves the active editor if it has changes; true when nothing is left unsaved. */
    boolean saveActive() {
        return active().filter(Editor::isDirty).map(editor -> {
            boolean saved = editor.save();
            refreshTitle(editor);
            return saved;
        }).orElse(true);
    }

    Optional<Editor> editor(String id) {
        return Optional.ofNullable(editors.get(id));
    }

    List<Editor> openEditors() {
        return List.copyOf(editors.values());
    }

    Optional<Tab> tab(String id) {
        return Optional.ofNullable(tabs.get(id));
    }

    /** The title a tab shows, with the dirty marker. */
    Optional<String> tabTitle(String id) {
        return Optional.ofNullable(titles.get(id)).map(Span::getText);
    }

    /** Called when the active editor, its dirty state or the set of tabs changes. */
    void addStateListener(Runnable listener) {
        stateListeners.add(listener);
    }

    private void refreshTitle(Editor editor) {
        Span title = titles.get(editor.id());
        Tab tab = tabs.get(editor.id());
        if (title == null) {
            return;
        }
        title.setText((editor.isDirty() ? DIRTY_MARK : "") + editor.title());
        tab.getElement().setAttribute("title", editor.title());
        tab.setClassName("rp-dirty", editor.isDirty());
        fireStateChanged();
    }

    private void fireStateChanged() {
        stateListeners.forEach(Runnable::run);
    }
}
