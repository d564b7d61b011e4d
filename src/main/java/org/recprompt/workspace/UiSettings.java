package org.recprompt.workspace;

import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Remembers user-interface state (pane sizes, open editors) in the workspace database. */
@Service
public class UiSettings {

    private final UiSettingRepository settings;
    private final JdbcTemplate jdbc;

    UiSettings(UiSettingRepository settings, JdbcTemplate jdbc) {
        this.settings = settings;
        this.jdbc = jdbc;
    }

    /**
     * Sets {@code name} only if it has no value yet, and says whether this call set it: of several
     * processes sharing the workspace's database that start at once, exactly one wins (the
     * database's primary key decides), so a once-per-workspace step (the sample project) runs once.
     */
    public boolean claim(String name, String value) {
        try {
            return jdbc.update("INSERT INTO ui_setting (name, setting_value) VALUES (?, ?)", name, value) == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
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

    /** Sets a value; two processes setting a new name at once do not fail (the later one's value stays). */
    public void put(String name, String value) {
        if (jdbc.update("UPDATE ui_setting SET setting_value = ? WHERE name = ?", value, name) > 0 || claim(name, value)) {
            return;
        }
        jdbc.update("UPDATE ui_setting SET setting_value = ? WHERE name = ?", value, name);
    }
}
