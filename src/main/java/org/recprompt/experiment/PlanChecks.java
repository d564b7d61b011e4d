package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.recprompt.dataset.split.CandidateSet;
import org.recprompt.dataset.split.Split;
import org.recprompt.prompt.PromptTemplate;
import org.recprompt.prompt.TemplateKind;
import org.recprompt.prompt.cli.RenderCommand;

/**
 * Checks of an experiment's plan that need its templates or its split: a problem that would make a
 * number meaningless is an {@link ExperimentException}; one that makes a number trivial or smaller
 * than asked is a warning, which the CLI prints with the plan and the experiment tab shows before
 * a run (docs/EXPERIMENTS.md, "Before a run").
 */
final class PlanChecks {

    private PlanChecks() {
    }

    /**
     * Without {@code candidates.size}, each template that shows candidates would get the first one's
     * count (its front matter's {@code candidates}), and a variant would be scored against a chance level
     * that is not its own: templates that disagree are refused, naming the line of the first that does.
     *
     * @return the count every such template asks for (null when none shows candidates)
     */
    static Integer templateCandidateCount(ExperimentFile file) {
        if (file.spec().candidates() != null) {
            return null;
        }
        List<PromptTemplate> templates = file.templates();
        int first = -1;
        for (int t = 0; t < templates.size(); t++) {
            PromptTemplate tpl = templates.get(t);
            if (!RenderCommand.usesCandidates(tpl)) {
                continue;
            }
            if (first < 0) {
                first = t;
            } else if (tpl.meta().candidates() != templates.get(first).meta().candidates()) {
                String key = "templates[" + (t + 1) + "]";
                PromptTemplate one = templates.get(first);
                throw new ExperimentException(file.origin(), file.line(key), key, String.format(Locale.ROOT,
                        "%s shows %d candidates (its front matter) but %s (templates[%d]) shows %d: one experiment draws one"
                                + " candidate set per user, so without candidates.size one of them would be sent the other's"
                                + " count and scored against the wrong chance level; set candidates: { size: N } or run them"
                                + " as separate experiments", tpl.name(), tpl.meta().candidates(), one.name(), first + 1,
                        one.meta().candidates()));
            }
        }
        return first < 0 ? null : templates.get(first).meta().candidates();
    }

    /**
     * The plan's warnings, each naming the file, line and key: {@code users.sample} above the
     * evaluable users (all of them are evaluated), a cutoff {@code k} above the candidate count (HR@k
     * and recall@k are then 1 for every list that ranks all candidates), and a choice template
     * written for another number of candidates than {@code candidates.size} shows it.
     */
    static List<String> warnings(ExperimentFile file, Split split, int[] users, java.util.Collection<CandidateSet> candidates) {
        ExperimentSpec spec = file.spec();
        List<String> out = new ArrayList<>();
        Integer sample = spec.users().sample();
        int evaluable = split.evaluableUsers().length;
        if (sample != null && sample > evaluable) {
            out.add(warning(file, "users", String.format(Locale.ROOT, "sample is %,d but the split leaves %,d evaluable users"
                    + " (with a training and a held-out interaction): all %,d are evaluated", sample, evaluable, users.length)));
        }
        int most = candidates.stream().mapToInt(CandidateSet::size).max().orElse(0);
        if (most > 0) {
            for (int k : spec.k()) {
                if (k > most) {
                    out.add(warning(file, "k", String.format(Locale.ROOT, "the cutoff %d is above the %d candidates: hr@%d and"
                            + " recall@%d are 1 for every list that ranks all candidates (the chance level is 1), and ndcg@%d"
                            + " equals ndcg@%d", k, most, k, k, k, most)));
                }
            }
        }
        if (spec.candidates() != null) {
            for (int t = 0; t < file.templates().size(); t++) {
                PromptTemplate tpl = file.templates().get(t);
                if (tpl.meta().kind() == TemplateKind.CHOICE && tpl.meta().candidates() != spec.candidates().size()) {
                    out.add(warning(file, "templates[" + (t + 1) + "]", String.format(Locale.ROOT, "%s is a choice template"
                            + " written for %d candidates (its front matter) but candidates.size shows it %d: check that its"
                            + " text does not name letters the prompt does not show", tpl.name(), tpl.meta().candidates(),
                            spec.candidates().size())));
                }
            }
        }
        return List.copyOf(out);
    }

    private static String warning(ExperimentFile file, String key, String problem) {
        int line = file.line(key);
        if (line == 0 && key.contains(".")) {
            line = file.line(key.substring(0, key.indexOf('.')));
        }
        return ExperimentException.format(file.origin(), line, key, problem);
    }
}
