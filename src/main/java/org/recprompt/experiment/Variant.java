package org.recprompt.experiment;

import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.FewShotSpec;
import org.recprompt.experiment.ExperimentSpec.PrivacySpec;
import org.recprompt.experiment.ExperimentSpec.Sensitive;
import org.recprompt.prompt.PromptTemplate;

/**
 * One cell of the experiment matrix: a backend with, for prompt-based backends, a template and a
 * few-shot setting; a history truncation; and a candidate order. Its id joins the axis values
 * that vary in the experiment, then the backend id ("llm" when only backends vary,
 * "candidate-ranking/fs3/llm" when templates and few-shot settings vary too).
 *
 * @param index position in the plan (outputs are ordered by it)
 * @param id the variant's id
 * @param backend the backend
 * @param template the template (null for rankers)
 * @param fewShot the few-shot setting (null for rankers)
 * @param history history items shown, prompts and rankers alike: n most recent items, 0 none (the
 *        zero-shot prompt), {@link ExperimentSpec#FULL_HISTORY} all; null: a prompt's template's own
 *        setting, all for a ranker
 * @param order the candidate order (0: as sampled)
 * @param privacy the privacy transform of the user's data in the prompt (none for rankers)
 * @param sensitive a fairness probe's attribute value (null: the neutral request, or no probe study)
 */
public record Variant(int index, String id, BackendSpec backend, PromptTemplate template, FewShotSpec fewShot,
        Integer history, int order, PrivacySpec privacy, Sensitive sensitive) {

    public Variant {
        privacy = privacy == null ? PrivacySpec.NONE : privacy;
    }

    public Variant(int index, String id, BackendSpec backend, PromptTemplate template, FewShotSpec fewShot, Integer history,
            int order) {
        this(index, id, backend, template, fewShot, history, order, PrivacySpec.NONE, null);
    }

    public boolean usesPrompt() {
        return template != null;
    }

    /** Whether it scores a scoring-pair template's texts (M6-Rec) instead of asking for an answer: deterministic, no repeats. */
    public boolean scores() {
        return template != null && template.meta().kind() == org.recprompt.prompt.TemplateKind.SCORING_PAIR;
    }

    /** Answers per user: the experiment's repeats for a prompt that is answered, once for rankers and scorers. */
    public int repeats(int repeats) {
        return usesPrompt() && !scores() ? repeats : 1;
    }

    /** The id of the prompt this variant sends, without the backend: variants that differ only in backend share prompts. */
    public String promptId() {
        return template == null ? null
                : template.name() + "|" + template.version() + "|" + fewShot.label() + "|" + history + "|" + order
                        + (privacy.isNone() ? "" : "|p:" + privacy.label()) + (sensitive == null ? "" : "|s:" + sensitive.label());
    }
}
