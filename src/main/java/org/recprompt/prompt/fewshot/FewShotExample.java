package org.recprompt.prompt.fewshot;

import java.util.List;

/**
 * One worked example for a prompt: a user's history, the candidates offered (may be empty) and
 * the correct answer. Items are the dataset's item ids; the answer items are what a model should
 * answer with. {@code note} is free text a hand-written example may carry instead of items.
 */
public record FewShotExample(String user, List<String> history, List<String> candidates, List<String> answer,
        String note) {

    public FewShotExample {
        history = history == null ? List.of() : List.copyOf(history);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        answer = answer == null ? List.of() : List.copyOf(answer);
        note = note == null ? "" : note;
    }
}
