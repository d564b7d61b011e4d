package org.recprompt.prompt.fewshot;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.recprompt.base.ConsoleLog;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Splits;
import org.recprompt.base.StaleEditException;
import org.recprompt.workspace.security.AccountService;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectRole;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The few-shot sets of projects: written by hand (YAML) or sampled from a dataset's training users. */
@Service
public class FewShotService {

    private final ProjectFewShotSetRepository sets;
    private final ConsoleLog console;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private final ProjectAccess access;

    FewShotService(ProjectFewShotSetRepository sets, ConsoleLog console, Clock clock, ProjectAccess access) {
        this.access = access;
        this.sets = sets;
        this.console = console;
        this.clock = clock;
    }

    public List<ProjectFewShotSet> list(long projectId) {
        return sets.findByProjectIdOrderByNameKeyAsc(projectId);
    }

    public Optional<ProjectFewShotSet> find(long id) {
        return sets.findById(id);
    }

    /**
     * Samples n examples from the dataset's training data (temporal leave-last-out), with a
     * strategy and seed. {@code choices} > 1 gives each example that many candidates (choice tasks).
     */
    @Transactional
    public ProjectFewShotSet sample(long projectId, String name, Dataset d, FewShotSampler.Strategy strategy, int n,
            int choices, long seed) {
        access.require(projectId, ProjectRole.EDITOR, "add few-shot sets");
        FewShotSet drawn = new FewShotSampler(Splits.leaveLastOut(d), strategy, seed, choices).sampleForProject(n);
        return add(projectId, new FewShotSet(name, drawn.strategy(), seed, drawn.examples()));
    }

    @Transactional
    public ProjectFewShotSet add(long projectId, FewShotSet set) {
        access.require(projectId, ProjectRole.EDITOR, "add few-shot sets");
        checkName(projectId, set.name(), null);
        ProjectFewShotSet saved = sets.saveAndFlush(new ProjectFewShotSet(projectId, set, clock.instant()));
        console.info("Added few-shot set " + set.name() + " (" + set.examples().size() + " examples, " + saved.getStrategy() + ")");
        listeners.forEach(Runnable::run);
        return saved;
    }

    /** Saves edited YAML; it must parse. */
    @Transactional
    public ProjectFewShotSet save(long id, String yaml) {
        return save(id, yaml, null);
    }

    /**
     * {@link #save(long, String)} with the version check: refused (a {@link StaleEditException},
     * nothing saved) when the set was saved since its editor read {@code expectedVersion}; null: no check.
     */
    @Transactional
    public ProjectFewShotSet save(long id, String yaml, Long expectedVersion) {
        ProjectFewShotSet s = sets.findById(id).orElseThrow(() -> new IllegalArgumentException("There is no few-shot set " + id + "."));
        access.require(s.getProjectId(), ProjectRole.EDITOR, "change few-shot sets");
        if (expectedVersion != null && s.getRowVersion() != expectedVersion) {
            throw new StaleEditException("Few-shot set " + s.getName(), s.getSavedBy(), s.getUpdatedAt());
        }
        FewShotSet set = FewShotSets.fromYaml(yaml, s.getName());
        checkName(s.getProjectId(), set.name(), id);
        s.update(set, clock.instant());
        s.savedBy(AccountService.currentUser());
        ProjectFewShotSet saved;
        try {
            saved = sets.saveAndFlush(s);
        } catch (OptimisticLockingFailureException e) {
            throw new StaleEditException("Few-shot set " + s.getName(), "", null);
        }
        listeners.forEach(Runnable::run);
        return saved;
    }

    @Transactional
    public void delete(long id) {
        sets.findById(id).ifPresent(s -> access.require(s.getProjectId(), ProjectRole.EDITOR, "delete few-shot sets"));
        sets.deleteById(id);
        listeners.forEach(Runnable::run);
    }

    public Runnable addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void checkName(long projectId, String name, Long selfId) {
        sets.findByProjectIdAndNameKey(projectId, name.toLowerCase(Locale.ROOT)).filter(o -> !o.getId().equals(selfId))
                .ifPresent(o -> {
                    throw new IllegalArgumentException("This project already has a few-shot set named " + o.getName() + ".");
                });
    }
}
