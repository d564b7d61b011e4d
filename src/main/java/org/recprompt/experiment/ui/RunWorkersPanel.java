package org.recprompt.experiment.ui;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.recprompt.experiment.workers.DistributedDispatch;
import org.recprompt.experiment.workers.ShardStore;
import org.recprompt.experiment.workers.WorkerRuns;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;

/**
 * A run made on worker processes, in its run tab: the shards (variant, users, state, calls done,
 * worker, heartbeat age, attempts, why one failed) and the workers that took them (host, pid, last
 * seen), refreshed every two seconds while shards are queued or running.
 */
class RunWorkersPanel extends Div {

    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-workers-refresh");
        t.setDaemon(true);
        return t;
    });

    final Span line = new Span();
    final Grid<ShardStore.Shard> shards = new Grid<>();
    final Grid<ShardStore.Worker> workers = new Grid<>();
    private final WorkerRuns runs;
    private final Path folder;
    private ScheduledFuture<?> ticking;

    RunWorkersPanel(WorkerRuns runs, Path folder, DistributedDispatch.Status status) {
        this.runs = runs;
        this.folder = folder;
        setId("run-workers");
        addClassName("rp-run-workers");
        line.setId("run-workers-line");
        shards.setId("run-shards");
        shards.addColumn(s -> s.no() + 1).setHeader("Shard").setAutoWidth(true);
        shards.addColumn(ShardStore.Shard::variant).setHeader("Variant").setAutoWidth(true).setFlexGrow(2);
        shards.addColumn(s -> s.userIds().size()).setHeader("Users").setAutoWidth(true);
        shards.addColumn(ShardStore.Shard::state).setHeader("State").setAutoWidth(true);
        shards.addColumn(s -> s.callsDone() + " / " + s.calls()).setHeader("Calls done").setAutoWidth(true);
        shards.addColumn(s -> s.worker() == null ? "" : s.worker()).setHeader("Worker").setAutoWidth(true);
        shards.addColumn(s -> s.heartbeatAge() == null || !s.state().equals(ShardStore.RUNNING) ? ""
                : String.format(Locale.ROOT, "%.0f s", s.heartbeatAge())).setHeader("Heartbeat age").setAutoWidth(true);
        shards.addColumn(ShardStore.Shard::attempts).setHeader("Attempts").setAutoWidth(true);
        shards.addColumn(s -> s.message() == null ? "" : s.message()).setHeader("Message").setAutoWidth(true).setFlexGrow(3);
        shards.setAllRowsVisible(true);
        workers.setId("run-workers-grid");
        workers.addColumn(ShardStore.Worker::name).setHeader("Worker").setAutoWidth(true);
        workers.addColumn(ShardStore.Worker::host).setHeader("Host").setAutoWidth(true);
        workers.addColumn(ShardStore.Worker::pid).setHeader("PID").setAutoWidth(true);
        workers.addColumn(w -> w.stopped() ? "stopped" : String.format(Locale.ROOT, "%.0f s ago", w.lastSeenAge())).setHeader("Last seen")
                .setAutoWidth(true);
        workers.setAllRowsVisible(true);
        add(new H3("Workers"), line, shards, workers);
        show(status);
        addAttachListener(e -> {
            UI ui = e.getUI();
            ticking = TICKS.scheduleAtFixedRate(() -> {
                try {
                    runs.status(folder).ifPresent(s -> ui.access(() -> show(s)));
                } catch (RuntimeException x) {
                    // the database is away for a moment: the next tick tries again
                }
            }, 2, 2, TimeUnit.SECONDS);
        });
        addDetachListener(e -> stop());
    }

    private void show(DistributedDispatch.Status status) {
        line.setText("Run on workers: " + status.line() + ".");
        shards.setItems(status.shards());
        workers.setItems(status.workers());
        if (status.count(ShardStore.QUEUED) + status.count(ShardStore.RUNNING) == 0) {
            stop();
        }
    }

    private void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }
}
