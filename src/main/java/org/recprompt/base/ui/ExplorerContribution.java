package org.recprompt.base.ui;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a feature adds to the project explorer: the entries of one of a project's folders, the
 * editor each opens, and the actions on the folder (such as "Import dataset..."). Implementations
 * are Spring beans; the workbench finds them all.
 */
public interface ExplorerContribution {

    /** One entry under a project's folder. {@code key} is unique within the folder. */
    record Entry(String key, String label, String detail) {
    }

    /** An action on the folder: runs with the project's id and a callback for the entry it created. */
    record FolderAction(String label, FolderActionHandler handler) {
    }

    @FunctionalInterface
    interface FolderActionHandler {
        void run(long projectId, Consumer<Entry> onCreated);
    }

    /** An action on one entry of the folder (a run's "Export report..."), in the entry's context menu. */
    record EntryAction(String label, EntryActionHandler handler) {
    }

    @FunctionalInterface
    interface EntryActionHandler {
        void run(long projectId, Entry entry);
    }

    /** The folder, by its label in the explorer ("Datasets", "Prompt templates", ...). */
    String folder();

    List<Entry> entries(long projectId);

    /** The editor for an entry. */
    Editor open(long projectId, Entry entry);

    default List<FolderAction> folderActions() {
        return List.of();
    }

    /** The actions on each entry of the folder, shown in its context menu after Open, Rename and Delete. */
    default List<EntryAction> entryActions() {
        return List.of();
    }

    /** Deletes the entry after the user confirmed it; no-op where entries cannot be deleted. */
    default void delete(long projectId, Entry entry) {
    }

    default boolean canDelete() {
        return false;
    }

    /** Whether entries can be renamed from the explorer ("Rename..."). */
    default boolean canRename() {
        return false;
    }

    /** What is wrong with the new name for the entry, as it is typed; empty when it can be taken. */
    default Optional<String> renameProblem(long projectId, Entry entry, String newName) {
        return Optional.empty();
    }

    /** Renames the entry; an IllegalArgumentException's message says why a name was refused. */
    default Entry rename(long projectId, Entry entry, String newName) {
        throw new IllegalArgumentException(folder() + " cannot be renamed from the explorer.");
    }

    /** Calls the listener (from any thread) whenever entries change, until the handle is run. */
    default Runnable addChangeListener(Runnable listener) {
        return () -> { };
    }
}
