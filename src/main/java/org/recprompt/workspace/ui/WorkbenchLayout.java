package org.recprompt.workspace.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.recprompt.base.ui.Editor;
import org.recprompt.workspace.UiSettings;

/**
 * What the workbench window looked like, so that a reload (or the next browser) finds it again: the
 * open tabs in their order (each as what it shows: the welcome page, a project, or an entry of a
 * project's folder by its key), the active tab, each tab's scroll position and the explorer's expanded
 * rows. It is kept in the workspace database (UiSettings) beside the pane sizes rather than in the
 * browser, so the window can be rebuilt before it is sent (no second round trip, no flicker) and the
 * same workspace opened from another browser or machine looks the same; when a login is required each
 * account has its own.
 */
class WorkbenchLayout {

    /** The longest value a setting holds (ui_setting.setting_value); older tabs are dropped to fit. */
    static final int MAX_VALUE = 2000;

    /** One open tab, as what it shows. {@code folder} and {@code key} only for a folder's entry. */
    record TabState(String kind, long projectId, String folder, String key, String label, int scroll) {

        static final String WELCOME = "welcome";
        static final String PROJECT = "project";
        static final String ENTRY = "entry";

        static TabState welcome() {
            return new TabState(WELCOME, 0, "", "", "Welcome", 0);
        }

        static TabState project(long id, String name) {
            return new TabState(PROJECT, id, "", "", name, 0);
        }

        static TabState entry(long projectId, String folder, String key, String label) {
            return new TabState(ENTRY, projectId, folder, key, label, 0);
        }

        TabState withScroll(int top) {
            return new TabState(kind, projectId, folder, key, label, top);
        }

        TabState withKey(String newKey, String newLabel) {
            return new TabState(kind, projectId, folder, newKey, newLabel, scroll);
        }

        String encode() {
            return String.join("\t", kind, String.valueOf(projectId), folder, String.valueOf(scroll), clean(label), key);
        }

        static Optional<TabState> decode(String line) {
            String[] f = line.split("\t", 6);
            if (f.length < 6 || !List.of(WELCOME, PROJECT, ENTRY).contains(f[0])) {
                return Optional.empty();
            }
            try {
                return Optional.of(new TabState(f[0], Long.parseLong(f[1]), f[2], f[5], f[4], Integer.parseInt(f[3])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        private static String clean(String s) {
            return s.replace('\t', ' ').replace('\n', ' ');
        }
    }

    /** The remembered layout: tabs in order, the active one's index (or -1) and the expanded rows. */
    record Saved(List<TabState> tabs, int active, Set<ExplorerNode> expanded) {
    }

    private final UiSettings settings;
    private final String prefix;
    private final Map<String, TabState> open = new HashMap<>();
    private String lastTabs;
    private String lastExpanded;

    /** @param account the signed-in account, or empty when nobody signs in (one layout per workspace) */
    WorkbenchLayout(UiSettings settings, String account) {
        this.settings = settings;
        this.prefix = account.isEmpty() ? "layout." : "layout@" + account + ".";
    }

    String tabsKey() {
        return prefix + "tabs";
    }

    String expandedKey() {
        return prefix + "expanded";
    }

    /** Remembers what an editor shows, so it can be opened again after a reload. */
    void opened(Editor editor, TabState state) {
        TabState before = open.get(editor.id());
        open.put(editor.id(), before == null ? state : state.withScroll(before.scroll()));
    }

    /** Whether the layout knows how to reopen this editor. */
    boolean knows(String editorId) {
        return open.containsKey(editorId);
    }

    void scrolled(String editorId, int top) {
        TabState state = open.get(editorId);
        if (state != null) {
            open.put(editorId, state.withScroll(Math.max(0, top)));
        }
    }

    int scroll(String editorId) {
        TabState state = open.get(editorId);
        return state == null ? 0 : state.scroll();
    }

    /** The id of the open editor showing the entry, if one is open. */
    Optional<String> editorOf(long projectId, String folder, String key) {
        return open.entrySet().stream().filter(e -> e.getValue().kind().equals(TabState.ENTRY) && e.getValue().projectId() == projectId
                && e.getValue().folder().equals(folder) && e.getValue().key().equals(key)).map(Map.Entry::getKey).findFirst();
    }

    /** An entry was renamed (its key may change): its open tab reopens under the new key. */
    void renamed(long projectId, String folder, String oldKey, String newKey, String newLabel) {
        open.replaceAll((id, s) -> s.kind().equals(TabState.ENTRY) && s.projectId() == projectId
                && s.folder().equals(folder) && s.key().equals(oldKey) ? s.withKey(newKey, newLabel) : s);
    }

    /** Writes the layout if it changed: tabs in their order, the active one, the expanded rows. */
    void save(List<Editor> editors, Optional<Editor> active, Collection<ExplorerNode> expanded) {
        open.keySet().retainAll(editors.stream().map(Editor::id).toList());
        List<String> lines = new ArrayList<>();
        int activeIndex = -1;
        for (Editor e : editors) {
            TabState state = open.get(e.id());
            if (state != null) {
                if (active.isPresent() && active.get().id().equals(e.id())) {
                    activeIndex = lines.size();
                }
                lines.add(state.encode());
            }
        }
        while (encodedLength(lines) > MAX_VALUE - 12 && lines.size() > 1) {
            int drop = activeIndex == 0 ? 1 : 0;
            lines.remove(drop);
            if (activeIndex > drop) {
                activeIndex--;
            }
        }
        String tabs = "active=" + activeIndex + "\n" + String.join("\n", lines);
        if (!tabs.equals(lastTabs)) {
            settings.put(tabsKey(), tabs);
            lastTabs = tabs;
        }
        StringBuilder rows = new StringBuilder();
        expanded.stream().sorted(java.util.Comparator.comparingLong(ExplorerNode::projectId)
                .thenComparing(n -> n.folder() == null ? -1 : n.folder().ordinal())).forEach(n -> {
                    String code = n.isProject() ? "p:" + n.projectId() : "f:" + n.projectId() + ":" + n.folder().name();
                    if (rows.length() + code.length() + 1 < MAX_VALUE) {
                        rows.append(rows.length() == 0 ? "" : " ").append(code);
                    }
                });
        if (!rows.toString().equals(lastExpanded)) {
            settings.put(expandedKey(), rows.toString());
            lastExpanded = rows.toString();
        }
    }

    private static int encodedLength(List<String> lines) {
        return lines.stream().mapToInt(l -> l.length() + 1).sum();
    }

    /** The remembered layout, or empty when this workspace (or account) has none yet: a first start. */
    Optional<Saved> load() {
        Optional<String> tabs = settings.get(tabsKey());
        if (tabs.isEmpty()) {
            return Optional.empty();
        }
        lastTabs = tabs.get();
        String[] lines = tabs.get().split("\n");
        int active = -1;
        List<TabState> states = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("active=")) {
                try {
                    active = Integer.parseInt(line.substring("active=".length()));
                } catch (NumberFormatException e) {
                    active = -1;
                }
            } else {
                TabState.decode(line).ifPresent(states::add);
            }
        }
        Set<ExplorerNode> expanded = new LinkedHashSet<>();
        String rows = settings.get(expandedKey()).orElse("");
        lastExpanded = rows;
        for (String code : rows.split(" ")) {
            String[] f = code.split(":");
            try {
                if (f.length == 2 && f[0].equals("p")) {
                    expanded.add(ExplorerNode.project(Long.parseLong(f[1]), ""));
                } else if (f.length == 3 && f[0].equals("f")
                        && Arrays.stream(ExplorerNode.Folder.values()).anyMatch(x -> x.name().equals(f[2]))) {
                    expanded.add(ExplorerNode.folder(Long.parseLong(f[1]), ExplorerNode.Folder.valueOf(f[2])));
                }
            } catch (NumberFormatException e) {
                // a damaged row code is skipped: the tree opens without it
            }
        }
        return Optional.of(new Saved(states, active < states.size() ? active : -1, expanded));
    }
}
