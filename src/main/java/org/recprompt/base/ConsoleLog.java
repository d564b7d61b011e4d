package org.recprompt.base;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the workbench tells the researcher: the lines the console view shows. Keeps the most recent
 * {@value #CAPACITY} lines for windows opened later, copies each line to the application log, and
 * notifies listeners (each open console view). Messages must never contain secrets.
 */
@Component
public class ConsoleLog {

    public static final int CAPACITY = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLog.class);

    public enum Level { INFO, WARN, ERROR }

    public record Line(Instant time, Level level, String message) {
    }

    private final Clock clock;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private final List<Consumer<Line>> listeners = new CopyOnWriteArrayList<>();

    public ConsoleLog(Clock clock) {
        this.clock = clock;
    }

    public void info(String message) {
        add(Level.INFO, message);
    }

    public void warn(String message) {
        add(Level.WARN, message);
    }

    public void error(String message) {
        add(Level.ERROR, message);
    }

    /** The kept lines, oldest first. */
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Calls the listener for every new line until the returned handle is run. */
    public Runnable addListener(Consumer<Line> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void add(Level level, String message) {
        Line line = new Line(clock.instant(), level, message);
        synchronized (this) {
            if (lines.size() == CAPACITY) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        switch (level) {
            case INFO -> LOG.info(message);
            case WARN -> LOG.warn(message);
            case ERROR -> LOG.error(message);
        }
        listeners.forEach(listener -> listener.accept(line));
    }
}
