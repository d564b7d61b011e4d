package org.recprompt.backend.adapter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A provider's server could not be reached (nothing was sent); the message is the sentence of
 * {@link ConnectionWording#unreachable}, the cause the JDK's exception.
 */
final class UnreachableException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    UnreachableException(String sentence, IOException cause) {
        super(sentence, cause);
    }
}
