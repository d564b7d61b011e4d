package org.recprompt.workspace;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Remembers user-interface state (pane sizes, open editors) in the workspace database. */
@Service
public class UiSettings {

    private final UiSettingRepository settings;

    UiSettings(UiSettingRepository settings) {
        this.settings = settings;
    }

    @Transactional(readOnly = true)
    public Optional<String> get(String name) {
        return settings.findById(name).map(UiSetting::getValue);
    }

    /** A remembered number, or {@code fallback} when there is none or it is not a number. */
    @Transactional(readOnly = true)
    public double getDouble(String name, double fallback) {
        try {
            return get(name).map(Double::parseDouble).filter(Double::isFinite).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Forgets a remembered value (nothing happens when there is none). */
    @Transactional
    public void remove(String name) {
        settings.findById(name).ifPresent(settings::delete);
    }

    @Transactional
    public void put(String name, String value) {
        settings.findById(name).ifPresentOrElse(s -> s.setValue(value), () -> settings.save(new UiSetting(name, value)));
    }
}
