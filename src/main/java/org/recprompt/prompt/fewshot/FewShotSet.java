package org.recprompt.prompt.fewshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Items;
import org.recprompt.dataset.split.Split;
import org.recprompt.prompt.PromptContext;
import org.recprompt.prompt.PromptTemplate;

/**
 * A named set of few-shot examples, hand-written or sampled (with the strategy and seed that
 * drew it). {@link #render} turns it into the {@code examples} template variable.
 */
public record FewShotSet(String name, String strategy, long seed, List<FewShotExample> examples) {

    public FewShotSet {
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** The first n examples (the number of shots is an experiment axis). */
    public FewShotSet first(int n) {
        return new FewShotSet(name, strategy, seed, examples.subList(0, Math.min(n, examples.size())));
    }

    /** The examples as template values: user (pseudonym), history, history_titles, candidates, answer. */
    public List<Map<String, Object>> render(Split split, PromptTemplate.Meta meta) {
        Dataset d = split.dataset();
        Items items = d.items();
        List<Map<String, Object>> out = new ArrayList<>();
        for (FewShotExample e : examples) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", PromptContext.pseudonym(e.user(), 0x5EEDL));
            List<Map<String, Object>> history = new ArrayList<>();
            List<String> shown = meta.history() > 0 && e.history().size() > meta.history()
                    ? e.history().subList(e.history().size() - meta.history(), e.history().size()) : e.history();
            for (int k = 0; k < shown.size(); k++) {
                Map<String, Object> h = itemMap(items, shown.get(k));
                h.put("position", k + 1);
                h.put("recency", shown.size() - k);
                h.put("rating", "");
                history.add(h);
            }
            if (meta.recentFirst()) {
                java.util.Collections.reverse(history);
            }
            m.put("history", history);
            m.put("history_titles", String.join(", ", history.stream().map(h -> String.valueOf(h.get("title"))).toList()));
            List<Map<String, Object>> candidates = new ArrayList<>();
            for (int k = 0; k < e.candidates().size(); k++) {
                Map<String, Object> c = itemMap(items, e.candidates().get(k));
                c.put("letter", PromptContext.letter(k));
                c.put("index", k + 1);
                candidates.add(c);
            }
            m.put("candidates", candidates);
            m.put("answer", answer(items, e, meta));
            out.add(m);
        }
        return out;
    }

    private static String answer(Items items, FewShotExample e, PromptTemplate.Meta meta) {
        if (!e.note().isEmpty() && e.answer().isEmpty()) {
            return e.note();
        }
        List<String> titles = e.answer().stream().map(id -> title(items, id)).toList();
        return switch (meta.output()) {
            case CHOICE_LETTER -> {
                int at = e.candidates().indexOf(e.answer().isEmpty() ? "" : e.answer().get(0));
                yield at < 0 ? "N/A" : PromptContext.letter(at);
            }
            case JSON_ARRAY -> "[" + String.join(", ", titles.stream().map(t -> "\"" + t.replace("\"", "\\\"") + "\"").toList()) + "]";
            case NUMBERED_TITLES -> {
                StringBuilder s = new StringBuilder();
                for (int k = 0; k < titles.size(); k++) {
                    s.append(k + 1).append(". ").append(titles.get(k)).append(k + 1 < titles.size() ? "\n" : "");
                }
                yield s.toString();
            }
            default -> String.join(", ", titles);
        };
    }

    private static Map<String, Object> itemMap(Items items, String id) {
        int i = items.indexOf(id);
        if (i < 0) {
            throw new IllegalArgumentException("the few-shot example names item " + id + ", which is not in the catalog");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        String title = items.title(i);
        m.put("title", title);
        m.put("name", title.replaceFirst("\\s*\\(\\d{4}\\)\\s*$", ""));
        m.put("year", items.year(i) == 0 ? "" : String.valueOf(items.year(i)));
        m.put("genres", String.join(", ", items.genreNamesOf(i)));
        m.put("image", items.image(i) == null ? "" : items.image(i));
        m.put("has_image", items.image(i) != null);
        return m;
    }

    private static String title(Items items, String id) {
        int i = items.indexOf(id);
        return i < 0 ? id : items.title(i);
    }
}
