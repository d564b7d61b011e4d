package org.recprompt.backend;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A backend's settings were refused. Each problem names the field it is about (the editor marks
 * that field) and says in one sentence what is wrong; no message ever repeats a key.
 */
public class BackendConfigException extends IllegalArgumentException {

    /** One thing wrong with one field; {@code field} is a {@link BackendValidation} field name. */
    public record Problem(String field, String message) {
    }

    private final transient List<Problem> problems;

    public BackendConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::message).collect(Collectors.joining(" ")));
        this.problems = List.copyOf(problems);
    }

    public BackendConfigException(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
