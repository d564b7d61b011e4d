package org.recprompt.workspace;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One remembered piece of user-interface state, such as a split-pane position. */
@Entity
@Table(name = "ui_setting")
class UiSetting {

    @Id
    @Column(length = 100)
    private String name;

    @Column(name = "setting_value", nullable = false, length = 2000)
    private String value;

    protected UiSetting() {
    }

    UiSetting(String name, String value) {
        this.name = name;
        this.value = value;
    }

    String getValue() {
        return value;
    }

    void setValue(String value) {
        this.value = value;
    }
}
