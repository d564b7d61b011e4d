package org.recprompt.prompt.fewshot;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.recprompt.base.ConsoleLog;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Splits;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The few-shot sets of projects: written by hand (YAML) or sampled from a dataset's training users. */
@Service
public class FewShotService {

    private final ProjectFewShotSetRepository sets;
    private final ConsoleLog console;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    FewShotService(ProjectFewShotSetRepository sets, ConsoleLog console, Clock clock) {
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
        FewShotSet drawn = new FewShotSampler(Splits.leaveLastOut(d), strategy, seed, choices).sampleForProject(n);
        return add(projectId, new FewShotSet(name, drawn.strategy(), seed, drawn.examples()));
    }

    @Transactional
    public ProjectFewShotSet add(long projectId, FewShotSet set) {
        checkName(projectId, set.name(), null);
        ProjectFewShotSet saved = sets.saveAndFlush(new ProjectFewShotSet(projectId, set, clock.instant()));
        console.info("Added few-shot set " + set.name() + " (" + set.examples().size() + " examples, " + saved.getStrategy() + ")");
        listeners.forEach(Runnable::run);
        return saved;
    }

    /** Saves edited YAML; it must parse. */
    @Transactional
    public ProjectFewShotSet save(long id, String yaml) {
        ProjectFewShotSet s = sets.findById(id).orElseThrow(() -> new IllegalArgumentException("There is no few-shot set " + id + "."));
        FewShotSet set = FewShotSets.fromYaml(yaml, s.getName());
        checkName(s.getProjectId(), set.name(), id);
        s.update(set, clock.instant());
        listeners.forEach(Runnable::run);
        return sets.saveAndFlush(s);
    }

    @Transactional
    public void delete(long id) {
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
