package org.recprompt.base.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;

/**
 * The page around every view: server push (background jobs update the UI as they run), the
 * workbench's stylesheet and icon.
 */
@Push
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addLink("stylesheet", "styles/workbench.css");
        settings.addFavIcon("icon", "icons/recprompt.svg", "any");
    }
}
