package org.recprompt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;

/** Browserless UI tests (Karibu-Testing) on the shared Spring context: a fresh UI per test, at the workbench. */
public abstract class KaribuTestBase extends SpringTestBase {

    private static final Routes ROUTES = new Routes().autoDiscoverViews("org.recprompt");

    @Autowired
    protected ApplicationContext context;

    @BeforeEach
    void setUpVaadin() {
        newWindow();
    }

    @AfterEach
    void tearDownVaadin() {
        MockVaadin.tearDown();
    }

    /** Opens a new browser window (a new UI) on the workbench. */
    protected void newWindow() {
        MockVaadin.setup(UI::new, new MockSpringServlet(ROUTES, context, UI::new));
        UI.getCurrent().navigate("");
    }
}
