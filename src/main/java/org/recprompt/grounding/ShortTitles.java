package org.recprompt.grounding;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.recprompt.dataset.Items;

/**
 * Titles written without their subtitle: the part of a catalog title before its colon ("Dr.
 * Strangelove" for "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb",
 * "Sapiens" for "Sapiens: A Brief History of Humankind"). Over the whole catalog a head counts when
 * exactly one item has it, it is no title of its own, and it is two words or more, or one word
 * before a subtitle that starts with an article ("Anchorman: The Legend of Ron Burgundy",
 * "Educated: A Memoir"; a one-word head before a bare subtitle, "Alien: Covenant", is a sequel's
 * series name, not the title). Among the candidates offered, any head names the one candidate
 * that has it.
 */
final class ShortTitles {

    private static final Pattern SUBTITLE_OR = Pattern.compile("\\s+or$");
    private static final Pattern ARTICLE_SUBTITLE = Pattern.compile("^(?i)(?:the|a|an)\\s+\\S");

    private final String[] heads;
    private final Map<String, Integer> unique = new HashMap<>();

    ShortTitles(Items items, Set<String> titleKeys) {
        heads = new String[items.size()];
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String title = items.title(i);
            int colon = title == null ? -1 : title.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String head = Titles.normalise(SUBTITLE_OR.matcher(title.substring(0, colon)).replaceFirst(""));
            if (head.isEmpty() || titleKeys.contains(head)) {
                continue;
            }
            heads[i] = head;
            boolean words = head.indexOf(' ') > 0;
            if (words || ARTICLE_SUBTITLE.matcher(title.substring(colon + 1).strip()).find()) {
                counts.merge(head, 1, Integer::sum);
                unique.put(head, i);
            }
        }
        counts.forEach((k, n) -> {
            if (n > 1) {
                unique.remove(k); // "Star Wars": several films, none of them meant
            }
        });
    }

    /** The one catalog item whose title begins with this normalised key before its subtitle, or -1. */
    int catalog(String key) {
        Integer item = unique.get(key);
        return item == null ? -1 : item;
    }

    /** The one candidate whose title begins with this normalised key before its subtitle, or -1. */
    int amongCandidates(String key, int[] candidates) {
        int found = -1;
        for (int c : candidates) {
            if (c >= 0 && c < heads.length && key.equals(heads[c])) {
                if (found >= 0 && found != c) {
                    return -1;
                }
                found = c;
            }
        }
        return found;
    }

    /** The item's title before its subtitle, normalised, or null when it has none. */
    String head(int item) {
        return heads[item];
    }
}
