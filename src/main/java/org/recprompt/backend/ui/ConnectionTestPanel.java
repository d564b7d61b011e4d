package org.recprompt.backend.ui;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.recprompt.backend.ConnectionTester;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/**
 * "Test connection": runs {@link ConnectionTester#test} in the background (the tab stays usable)
 * and shows the report once, beside the button at the top of the editor, and one line in the
 * console. The model's answer and the server's messages are untrusted: shown as text only.
 */
class ConnectionTestPanel extends Composite<Div> {

    final Button test = new Button("Test connection");
    final Div result = new Div();

    ConnectionTestPanel(BackgroundJobs jobs, ConsoleLog console, ConnectionTester tester, Supplier<Probe> probe,
            Consumer<List<String>> onModels) {
        test.setId("backend-test-connection");
        result.setId("backend-test-result");
        result.addClassName("rp-test-result");
        test.addClickListener(e -> run(jobs, console, tester, probe.get(), onModels));
        getContent().addClassName("rp-connection-test");
        getContent().add(test, result);
    }

    private void run(BackgroundJobs jobs, ConsoleLog console, ConnectionTester tester, Probe p,
            Consumer<List<String>> onModels) {
        UI ui = UI.getCurrent();
        test.setEnabled(false);
        result.removeAll();
        result.add(new Span("Testing the connection..."));
        jobs.submitQuiet("Test connection of backend " + p.label(), monitor -> {
            ConnectionTester.Report report = null;
            try {
                report = tester.test(p.projectId(), p.label(), p.settings(), p.secretName(), p.typedKey());
                if (report.ok()) {
                    console.info("Backend " + p.label() + ": " + report.summary());
                } else {
                    console.error("Backend " + p.label() + ": " + report.summary());
                }
            } finally {
                ConnectionTester.Report done = report;
                ui.access(() -> show(done, onModels));
            }
        });
    }

    private void show(ConnectionTester.Report report, Consumer<List<String>> onModels) {
        test.setEnabled(true);
        result.removeAll();
        if (report == null) {
            result.add(new Span("The test could not run; see the console."));
            return;
        }
        Span summary = new Span(report.summary());
        summary.addClassName(report.ok() ? "rp-ok" : "rp-error");
        result.add(summary);
        report.details().stream().filter(d -> !d.endsWith(report.summary())).forEach(d -> {
            Div line = new Div();
            line.setText(d);
            line.addClassName("rp-muted");
            result.add(line);
        });
        if (!report.models().isEmpty()) {
            onModels.accept(report.models());
        }
    }
}
