package org.recprompt.workspace.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.recprompt.base.ConsoleLog;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.html.Div;

/**
 * The console: what the workbench did, newest last. Lines are plain text (never HTML), since
 * they can quote model output and file contents.
 */
class ConsoleView extends Composite<Div> {

    static final int SHOWN = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    final Div lines = new Div();
    private final ConsoleLog console;
    private Runnable unsubscribe = () -> { };

    ConsoleView(ConsoleLog console) {
        this.console = console;
        getContent().setSizeFull();
        getContent().addClassName("rp-console");
        lines.setId("console-lines");
        getContent().add(lines);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        lines.removeAll();
        console.lines().stream().skip(Math.max(0, console.lines().size() - SHOWN)).forEach(this::append);
        var ui = event.getUI();
        unsubscribe = console.addListener(line -> ui.access(() -> append(line)));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        unsubscribe.run();
    }

    void clear() {
        lines.removeAll();
    }

    private void append(ConsoleLog.Line line) {
        Div row = new Div();
        row.addClassNames("rp-console-line", "rp-" + line.level().name().toLowerCase());
        row.setText(TIME.format(line.time()) + "  " + line.level() + "  " + line.message());
        lines.add(row);
        if (lines.getComponentCount() > SHOWN) {
            lines.remove(lines.getComponentAt(0));
        }
        row.scrollIntoView();
    }
}
