package org.recprompt.prompt.fewshot;

/** A few-shot set that would show the model the answer: drawn from the evaluated user, or holding a held-out item. */
public class LeakageException extends IllegalArgumentException {

    public LeakageException(String message) {
        super(message);
    }
}
