package org.recprompt.workspace.ui;

import java.util.concurrent.atomic.AtomicBoolean;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;

/**
 * Runs a refresh of a component in its UI from any thread, coalescing bursts: while one refresh
 * is queued, further requests are dropped, so a job that reports thousands of units a second
 * costs the browser one update per round trip.
 */
final class UiUpdates {

    private final Component owner;
    private final Runnable refresh;
    private final AtomicBoolean queued = new AtomicBoolean();

    UiUpdates(Component owner, Runnable refresh) {
        this.owner = owner;
        this.refresh = refresh;
    }

    void request() {
        UI ui = owner.getUI().orElse(null);
        if (ui == null || !queued.compareAndSet(false, true)) {
            return;
        }
        ui.access(() -> {
            queued.set(false);
            refresh.run();
        });
    }
}
