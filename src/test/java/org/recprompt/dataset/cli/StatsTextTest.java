package org.recprompt.dataset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.IdIndex;
import org.recprompt.dataset.UserAttributeStats;
import org.recprompt.dataset.Users;

class StatsTextTest {

    @Test
    void a_listed_value_holding_a_comma_is_quoted_so_the_list_stays_readable() {
        IdIndex ids = new IdIndex();
        ids.add("1");
        ids.add("2");
        ids.add("3");
        Map<String, String[]> columns = new LinkedHashMap<>();
        columns.put("location", new String[] {"kraków, n/a, poland", "paris, n/a, france", "kraków, n/a, poland"});
        UserAttributeStats location = UserAttributeStats.of(new Users(ids, columns)).get(0);

        assertThat(StatsText.userAttribute(location))
                .endsWith(": \"kraków, n/a, poland\" 2, \"paris, n/a, france\" 1");
    }
}
