package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.springframework.beans.factory.annotation.Autowired;

class UiSettingsTest extends SpringTestBase {

    @Autowired
    UiSettings settings;

    @Test
    void a_setting_is_stored_replaced_and_read_back() {
        assertThat(settings.get("test.missing")).isEmpty();
        settings.put("test.split", "31.5");
        settings.put("test.split", "42.25");

        assertThat(settings.get("test.split")).contains("42.25");
        assertThat(settings.getDouble("test.split", 10)).isEqualTo(42.25);
    }

    @Test
    void a_missing_or_malformed_number_falls_back() {
        settings.put("test.bad", "wide");
        settings.put("test.nan", "NaN");

        assertThat(settings.getDouble("test.bad", 20)).isEqualTo(20);
        assertThat(settings.getDouble("test.nan", 20)).isEqualTo(20);
        assertThat(settings.getDouble("test.none", 72)).isEqualTo(72);
    }
}
