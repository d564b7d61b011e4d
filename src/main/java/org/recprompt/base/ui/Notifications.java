package org.recprompt.base.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Short messages at the bottom of the window; text only, never HTML. */
public final class Notifications {

    private Notifications() {
    }

    public static void info(String text) {
        Notification.show(text, 3000, Notification.Position.BOTTOM_END);
    }

    public static void error(String text) {
        Notification n = Notification.show(text, 6000, Notification.Position.BOTTOM_END);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
