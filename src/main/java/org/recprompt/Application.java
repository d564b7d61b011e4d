package org.recprompt;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The web workbench's Spring Boot application. The jar's entry is {@link Main}, which runs a
 * command ({@code --help}, {@code --version}, {@code workspace}, ...) headless, without Spring or
 * a web server, and starts the workbench ({@link WorkbenchStart}, from the {@link StartCache}'s
 * JVM when it is ready) for anything else.
 */
@SpringBootApplication
public class Application {

    /** The same entry as the jar's ({@link Main}): a command runs headless, anything else starts the workbench. */
    public static void main(String[] args) {
        Main.main(args);
    }
}
