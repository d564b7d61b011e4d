package org.recprompt.lm;

import java.util.ArrayList;
import java.util.List;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;

/** A small catalog with word titles and users who watch in a fixed cyclic order, for fast training tests. */
final class LmFixtures {

    static final String[] TITLES = {"Red Planet (1990)", "Blue Moon (1991)", "Green River (1992)", "Red River (1993)",
        "Dark Moon Rising (1994)", "Blue Planet, The (1995)", "Silent River (1996)", "Green Mile (1997)",
        "Moon Over River (1998)", "Last Planet (1999)", "Red Moon (2000)", "Silent Green (2001)"};

    private LmFixtures() {
    }

    /** 12 items; 30 users, user u watches 8 items starting at u mod 12, in order (the last is held out by leave-last-out). */
    static Dataset cyclic() {
        List<String> rows = new ArrayList<>();
        for (int u = 0; u < 30; u++) {
            for (int k = 0; k < 8; k++) {
                int item = (u + k) % TITLES.length + 1;
                rows.add("u" + u + " " + item + " 5 " + (k + 1));
            }
        }
        return Fixtures.withTitles(TITLES, new String[TITLES.length], rows.toArray(String[]::new));
    }
}
