package org.recprompt.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.recprompt.base.ConsoleLog;
import org.recprompt.base.FileTrees;
import org.recprompt.base.StaleEditException;
import org.recprompt.workspace.security.AccountService;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectRole;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Creates, renames, describes and deletes projects, and tells listeners (every open workbench
 * window) after each committed change. Each project owns a folder {@code projects/<id>} in the
 * workspace for its files.
 */
@Service
public class ProjectService {

    /** What changed; {@code project} is the state after the change (for deletions, before it). */
    public record ProjectChange(Kind kind, Project project) {
        public enum Kind { CREATED, UPDATED, DELETED }
    }

    private final ProjectRepository projects;
    private final WorkspaceSettings settings;
    private final ConsoleLog console;
    private final Clock clock;
    private final ProjectAccess access;
    private final List<Consumer<ProjectChange>> listeners = new CopyOnWriteArrayList<>();

    ProjectService(ProjectRepository projects, WorkspaceSettings settings, ConsoleLog console, Clock clock, ProjectAccess access) {
        this.projects = projects;
        this.access = access;
        this.settings = settings;
        this.console = console;
        this.clock = clock;
    }

    /** The projects the caller may see (with a login: those it is a member of; all for administrators). */
    @Transactional(readOnly = true)
    public List<Project> list() {
        return access.visible(projects.findAllByOrderByNameKeyAsc());
    }

    @Transactional(readOnly = true)
    public Optional<Project> find(long id) {
        return projects.findById(id);
    }

    /** The project when the caller may see it (a member, an administrator, or roles do not apply). */
    @Transactional(readOnly = true)
    public Optional<Project> findVisible(long id) {
        return projects.findById(id).filter(p -> access.may(id, ProjectRole.VIEWER));
    }

    /** Who may do what in which project (for screens that hide what a role may not do). */
    public ProjectAccess access() {
        return access;
    }

    /** What is wrong with this name for a new project, or for project {@code selfId} when renaming. */
    @Transactional(readOnly = true)
    public Optional<String> nameProblem(String name, Long selfId) {
        Optional<String> problem = ProjectNames.problem(name);
        if (problem.isPresent()) {
            return problem;
        }
        return projects.findByNameKey(ProjectNames.key(name))
                .filter(existing -> !existing.getId().equals(selfId))
                .map(existing -> "A project named \"" + existing.getName() + "\" already exists.");
    }

    @Transactional
    public Project create(String name, String description) {
        checkName(name, null);
        Project project = new Project(ProjectNames.clean(name), description, clock.instant());
        project.savedBy(AccountService.currentUser());
        project = projects.saveAndFlush(project);
        access.created(project);
        createFolder(project);
        afterCommit(new ProjectChange(ProjectChange.Kind.CREATED, project), "Created project " + project.getName());
        return project;
    }

    @Transactional
    public Project rename(long id, String newName) {
        access.require(id, ProjectRole.OWNER, "rename it");
        Project project = require(id);
        checkName(newName, id);
        String old = project.getName();
        project.rename(ProjectNames.clean(newName), clock.instant());
        projects.saveAndFlush(project);
        afterCommit(new ProjectChange(ProjectChange.Kind.UPDATED, project),
                "Renamed project " + old + " to " + project.getName());
        return project;
    }

    /** Saves a project's editable fields together: both are checked before either is stored. */
    @Transactional
    public Project update(long id, String name, String description) {
        return update(id, name, description, null);
    }

    /**
     * {@link #update(long, String, String)} with the version check: refused (a
     * {@link StaleEditException}, nothing saved) when the project was saved since its editor read
     * {@code expectedVersion} ({@link Project#getRowVersion()}); null saves without the check.
     */
    @Transactional
    public Project update(long id, String name, String description, Long expectedVersion) {
        access.require(id, ProjectRole.OWNER, "change its name and description");
        Project project = require(id);
        if (expectedVersion != null && project.getRowVersion() != expectedVersion) {
            throw new StaleEditException("Project " + project.getName(), project.getSavedBy(), project.getUpdatedAt());
        }
        checkName(name, id);
        project.rename(ProjectNames.clean(name), clock.instant());
        project.describe(description, clock.instant());
        project.savedBy(AccountService.currentUser());
        try {
            projects.saveAndFlush(project);
        } catch (OptimisticLockingFailureException e) {
            throw new StaleEditException("Project " + project.getName(), "", null);
        }
        afterCommit(new ProjectChange(ProjectChange.Kind.UPDATED, project), "Saved project " + project.getName());
        return project;
    }

    /** Turns the project's local-only switch on or off: with it on, every remote backend refuses to run. */
    @Transactional
    public Project setLocalOnly(long id, boolean on) {
        access.require(id, ProjectRole.OWNER, "switch local only");
        Project project = require(id);
        project.localOnly(on, clock.instant());
        projects.saveAndFlush(project);
        afterCommit(new ProjectChange(ProjectChange.Kind.UPDATED, project), "Project " + project.getName() + ": local only "
                + (on ? "on (backends off this machine refuse to run)" : "off"));
        return project;
    }

    @Transactional
    public void delete(long id) {
        access.require(id, ProjectRole.OWNER, "delete it");
        Project project = require(id);
        projects.delete(project);
        projects.flush();
        afterCommit(new ProjectChange(ProjectChange.Kind.DELETED, project), "Deleted project " + project.getName());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                deleteFolder(folder(project));
            }
        });
    }

    /** The project's folder in the workspace. */
    public Path folder(Project project) {
        return settings.workspace().resolve("projects").resolve(String.valueOf(project.getId()));
    }

    /** Calls the listener after every committed change until the returned handle is run. */
    public Runnable addListener(Consumer<ProjectChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private Project require(long id) {
        return projects.findById(id)
                .orElseThrow(() -> new ProjectValidationException("id", "There is no project with id " + id + "."));
    }

    private void checkName(String name, Long selfId) {
        nameProblem(name, selfId).ifPresent(problem -> {
            throw new ProjectValidationException("name", problem);
        });
    }

    private void createFolder(Project project) {
        try {
            org.recprompt.base.OwnerOnly.createFolders(folder(project));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of project " + project.getName()
                    + " at " + folder(project) + ": " + e.getMessage(), e);
        }
    }

    private void deleteFolder(Path folder) {
        if (!FileTrees.delete(folder)) {
            console.warn("Could not delete all of " + folder);
        }
    }

    private void afterCommit(ProjectChange change, String message) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                console.info(message);
                listeners.forEach(listener -> listener.accept(change));
            }
        });
    }
}
