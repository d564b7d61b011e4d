package org.recprompt.prompt;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.recprompt.base.ConsoleLog;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.recprompt.base.StaleEditException;
import org.recprompt.workspace.security.AccountService;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectRole;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The prompt templates of projects, with every saved version kept. A template's name is the
 * {@code name} of its front matter; saving text that names another template renames it.
 */
@Service
public class TemplateService {

    /** The starting text of a template written from scratch. */
    public static final String STARTER = """
            ---
            name: %s
            kind: chat
            paradigm: Candidate set in the prompt
            source: your own
            output: numbered-titles
            candidates: 20
            k: 10
            tests: what this variant studies
            ---
            [system]
            You are {{a_domain}} recommender.

            [user]
            I have {{verb}}: {{history_titles}}.
            Rank these {{C}} {{domains}} for me, most likely first, as a numbered list of titles:
            {{#candidates}}
            {{index}}. {{title}}
            {{/candidates}}
            """;

    private final ProjectTemplateRepository templates;
    private final TemplateVersionRepository versions;
    private final TemplateLibrary library;
    private final ConsoleLog console;
    private final ProjectService projects;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    TemplateService(ProjectTemplateRepository templates, TemplateVersionRepository versions, TemplateLibrary library,
            ConsoleLog console, ProjectService projects, Clock clock, ProjectAccess access) {
        this.projects = projects;
        this.access = access;
        this.templates = templates;
        this.versions = versions;
        this.library = library;
        this.console = console;
        this.clock = clock;
    }

    private final ProjectAccess access;

    public TemplateLibrary library() {
        return library;
    }

    public List<ProjectTemplate> list(long projectId) {
        return templates.findByProjectIdOrderByNameKeyAsc(projectId);
    }

    public Optional<ProjectTemplate> find(long id) {
        return templates.findById(id);
    }

    /** The text of the template's current version. */
    public String text(ProjectTemplate t) {
        return text(t.getId(), t.getCurrentVersion());
    }

    public String text(long templateId, String version) {
        return versions.findByTemplateIdAndVersion(templateId, version).map(TemplateVersion::getContent)
                .orElseThrow(() -> new IllegalArgumentException("Template " + templateId + " has no version " + version + "."));
    }

    /** The saved versions, newest first. */
    public List<TemplateVersion> versions(long templateId) {
        return versions.findByTemplateIdOrderBySavedAtDescIdDesc(templateId);
    }

    /** Copies a library template into the project (as its first version). */
    @Transactional
    public ProjectTemplate importFromLibrary(long projectId, String libraryName) {
        PromptTemplate t = library.byName(libraryName)
                .orElseThrow(() -> new IllegalArgumentException("The library has no template named " + libraryName + "."));
        return create(projectId, t.text(), "library:" + libraryName);
    }

    /** Creates a template from text; the name comes from its front matter. */
    @Transactional
    public ProjectTemplate create(long projectId, String text, String origin) {
        access.require(projectId, ProjectRole.EDITOR, "add templates");
        PromptTemplate parsed = PromptTemplate.parse(text, "new template");
        checkName(projectId, parsed.name(), null);
        Instant now = clock.instant();
        ProjectTemplate saved = templates.saveAndFlush(new ProjectTemplate(projectId, parsed.name(), parsed.version(), origin, now));
        versions.saveAndFlush(new TemplateVersion(saved.getId(), parsed.version(), parsed.text(), now));
        writeFileAfterCommit(saved, parsed.text(), null,
                "Added template " + parsed.name() + " (version " + parsed.version() + ")");
        listeners.forEach(Runnable::run);
        return saved;
    }

    /**
     * Saves new text. A changed text becomes a new version (an unchanged one returns the current
     * version); text that does not parse is refused with the line of the problem.
     */
    @Transactional
    public ProjectTemplate save(long id, String text) {
        return save(id, text, null);
    }

    /**
     * {@link #save(long, String)} with the version check: refused (a {@link StaleEditException},
     * nothing saved) when the template was saved since its editor read {@code expectedVersion}
     * ({@link ProjectTemplate#getRowVersion()}); null saves without the check.
     */
    @Transactional
    public ProjectTemplate save(long id, String text, Long expectedVersion) {
        ProjectTemplate t = templates.findById(id)
                .orElseThrow(() -> new IllegalArgumentException("There is no template with id " + id + "."));
        access.require(t.getProjectId(), ProjectRole.EDITOR, "change templates");
        if (expectedVersion != null && t.getRowVersion() != expectedVersion) {
            throw new StaleEditException("Template " + t.getName(), t.getSavedBy(), t.getUpdatedAt());
        }
        PromptTemplate parsed = PromptTemplate.parse(text, t.getName());
        checkName(t.getProjectId(), parsed.name(), id);
        Instant now = clock.instant();
        if (versions.findByTemplateIdAndVersion(id, parsed.version()).isEmpty()) {
            versions.saveAndFlush(new TemplateVersion(id, parsed.version(), parsed.text(), now));
        }
        boolean changed = !parsed.version().equals(t.getCurrentVersion());
        String oldName = t.getName();
        t.update(parsed.name(), parsed.version(), now);
        t.savedBy(AccountService.currentUser());
        writeFileAfterCommit(t, parsed.text(), oldName,
                changed ? "Saved template " + t.getName() + " as version " + parsed.version() : null);
        try {
            templates.saveAndFlush(t);
        } catch (OptimisticLockingFailureException e) {
            throw new StaleEditException("Template " + t.getName(), "", null);
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
        return t;
    }

    @Transactional
    public void delete(long id) {
        templates.findById(id).ifPresent(t -> {
            access.require(t.getProjectId(), ProjectRole.EDITOR, "delete templates");
            templates.delete(t);
            try {
                Files.deleteIfExists(file(t));
            } catch (IOException e) {
                console.warn("Could not delete " + file(t) + ": " + e.getMessage());
            }
            console.info("Deleted template " + t.getName());
        });
        listeners.forEach(Runnable::run);
    }

    /**
     * The current version as a file in the workspace, {@code projects/<id>/templates/<name>.mustache},
     * so that the command line (render, run) can use exactly what the editor saved.
     */
    public Path file(ProjectTemplate t) {
        Project project = projects.find(t.getProjectId()).orElseThrow();
        return projects.folder(project).resolve("templates").resolve(t.getName() + ".mustache");
    }

    /** Writes the file once the transaction commits, then says so in the console (when {@code done} is given). */
    private void writeFileAfterCommit(ProjectTemplate t, String text, String oldName, String done) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                Path target = file(t);
                try {
                    org.recprompt.base.FileTrees.writeAtomically(target, text);
                    if (oldName != null && !oldName.equals(t.getName())) {
                        Files.deleteIfExists(target.resolveSibling(oldName + ".mustache"));
                    }
                    if (done != null) {
                        console.info(done);
                    }
                } catch (IOException e) {
                    console.warn("Could not write " + target + ": " + e.getMessage());
                }
            }
        });
    }

    public Runnable addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void checkName(long projectId, String name, Long selfId) {
        templates.findByProjectIdAndNameKey(projectId, name.toLowerCase(Locale.ROOT))
                .filter(other -> !other.getId().equals(selfId))
                .ifPresent(other -> {
                    throw new TemplateException(name, 2, "this project already has a template named " + other.getName()
                            + "; change 'name' in the front matter");
                });
    }
}
