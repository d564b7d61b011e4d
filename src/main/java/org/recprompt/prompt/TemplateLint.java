package org.recprompt.prompt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.text.similarity.LevenshteinDistance;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

/**
 * Checks a template as it is edited: Mustache syntax (an unclosed section, a stray close tag),
 * variables that are not in the variable model ({@link Variables}), chain steps read before they
 * are answered, shape rules of the template's kind, and (a warning) words of one domain such as
 * "movies" or "watched" written into a template that does not name its domain. Each problem names
 * its line.
 */
public final class TemplateLint {

    /** One problem: the 1-based line in the file, and what is wrong. */
    public record Problem(int line, String message, boolean error) {
    }

    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false).strictSections(true);

    private TemplateLint() {
    }

    /** Lints file text; a file that does not even parse gives one problem. */
    public static List<Problem> check(String text, String origin) {
        PromptTemplate t;
        try {
            t = PromptTemplate.parse(text, origin);
        } catch (TemplateException e) {
            return List.of(new Problem(Math.max(1, e.line()), e.getMessage().substring(e.getMessage().indexOf(": ") + 2), true));
        }
        return check(t);
    }

    public static List<Problem> check(PromptTemplate t) {
        List<Problem> problems = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        Set<String> stepNames = t.blocks().stream().filter(b -> b.step() != null).map(PromptTemplate.Block::step)
                .collect(Collectors.toSet());
        for (PromptTemplate.Block b : t.blocks()) {
            Template compiled;
            try {
                compiled = COMPILER.compile(b.text());
            } catch (MustacheException e) {
                String msg = String.valueOf(e.getMessage());
                var m = Pattern.compile("@ line (\\d+)").matcher(msg);
                int line = m.find() ? b.line() + Integer.parseInt(m.group(1)) - 1 : b.line();
                problems.add(new Problem(line, msg.replaceAll("\\s*@ line \\d+", ""), true));
                continue;
            }
            compiled.visit(new Checker(b, stepNames, answered, problems));
            if (b.step() != null) {
                answered.add(b.step());
            }
        }
        if (t.meta().domain() == null) {
            problems.addAll(domainWords(t));
        }
        if (t.meta().kind() == TemplateKind.CHOICE && t.meta().abstain()
                && t.blocks().stream().noneMatch(b -> b.text().contains("N/A"))) {
            problems.add(new Problem(1, "abstain: true, but no block tells the model that N/A is an allowed answer", false));
        }
        return problems;
    }

    /**
     * Words of one domain written into a template's text, with the variable to write instead. A
     * template that names its domain ({@code domain: movie}) means them; one that does not reads
     * its words from the dataset, so "movies" there would say movies on a books dataset.
     */
    static final Map<String, String> DOMAIN_WORDS = domainWordTable();

    private static Map<String, String> domainWordTable() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        String noun = "{{domain}}";
        String plural = "{{domains}}";
        for (String w : List.of("movie", "film", "book", "novel", "product", "business", "restaurant", "artist", "song",
                "album")) {
            m.put(w, noun);
        }
        for (String w : List.of("movies", "films", "books", "novels", "products", "businesses", "restaurants", "artists",
                "songs", "albums")) {
            m.put(w, plural);
        }
        for (String w : List.of("watched", "bought", "purchased", "listened")) {
            m.put(w, "{{verb}}");
        }
        for (String w : List.of("watch", "watches", "buy", "purchase", "listen")) {
            m.put(w, "{{verb_base}}");
        }
        for (String w : List.of("watching", "viewing", "reading", "listening", "shopping")) {
            m.put(w, "{{activity}}");
        }
        for (String w : List.of("viewer", "viewers", "reader", "readers", "listener", "listeners", "shopper", "customer")) {
            m.put(w, "{{consumer}}");
        }
        for (String w : List.of("poster", "posters")) {
            m.put(w, w.endsWith("s") ? "'images'" : "'image'");
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static final Pattern A_DOMAIN = Pattern.compile("(?i)\\b(an?)\\s+\\{\\{\\s*domain\\s*}}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
    private static final Pattern TAG = Pattern.compile("\\{\\{\\{?[^}]*}}}?");

    /** One warning per line that writes a domain's words into the text (outside {{...}} tags). */
    static List<Problem> domainWords(PromptTemplate t) {
        List<Problem> out = new ArrayList<>();
        for (PromptTemplate.Block b : t.blocks()) {
            String[] lines = b.text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String text = TAG.matcher(lines[i]).replaceAll(" ");
                java.util.Map<String, String> found = new java.util.LinkedHashMap<>();
                var m = WORD.matcher(text);
                while (m.find()) {
                    String word = m.group();
                    String instead = DOMAIN_WORDS.get(word.toLowerCase(java.util.Locale.ROOT));
                    if (instead != null) {
                        found.putIfAbsent(word, instead);
                    }
                }
                var article = A_DOMAIN.matcher(lines[i]);
                if (article.find()) {
                    out.add(new Problem(b.line() + i, "'" + article.group().strip() + "' gives every domain the same article"
                            + " ('a item', 'an movie'); write {{a_domain}} (\"a movie\", \"an item\")", false));
                }
                if (!found.isEmpty()) {
                    String words = found.entrySet().stream().map(e -> "'" + e.getKey() + "' -> " + e.getValue())
                            .collect(Collectors.joining(", "));
                    out.add(new Problem(b.line() + i, (found.size() == 1 ? "a domain word is" : "domain words are")
                            + " written into the text and would stay on a dataset of books or products: write " + words
                            + "; or name the template's domain in the front matter (domain: movie) if it is meant for one domain",
                            false));
                }
            }
        }
        return out;
    }

    /** Walks a compiled block, keeping the stack of sections it is in. */
    private static final class Checker implements Mustache.Visitor {
        private final PromptTemplate.Block block;
        private final Set<String> stepNames;
        private final List<String> answered;
        private final List<Problem> problems;
        private final Deque<String> sections = new ArrayDeque<>();

        Checker(PromptTemplate.Block block, Set<String> stepNames, List<String> answered, List<Problem> problems) {
            this.block = block;
            this.stepNames = stepNames;
            this.answered = answered;
            this.problems = problems;
        }

        @Override
        public void visitText(String text) {
        }

        @Override
        public void visitVariable(String name) {
            check(name);
        }

        @Override
        public boolean visitInclude(String name) {
            problems.add(new Problem(lineOf(name), "partials ({{> " + name + "}}) are not supported", true));
            return false;
        }

        @Override
        public boolean visitSection(String name) {
            check(name);
            sections.push(name);
            return true;
        }

        @Override
        public boolean visitInvertedSection(String name) {
            check(name);
            sections.push(name);
            return true;
        }

        private void check(String name) {
            if (Variables.SPECIAL.contains(name)) {
                return;
            }
            String[] parts = name.split("\\.");
            String first = parts[0];
            if (first.equals("steps") && parts.length > 1) {
                if (!stepNames.contains(parts[1])) {
                    problems.add(new Problem(lineOf(name), "there is no chain step named '" + parts[1] + "'", true));
                } else if (!answered.contains(parts[1])) {
                    problems.add(new Problem(lineOf(name), "step '" + parts[1] + "' is read before it is answered", true));
                }
                return;
            }
            if (Variables.TOP.containsKey(first)) {
                Map<String, String> fields = Variables.objectFields(first);
                if (parts.length > 1 && fields != null && !first.equals("user") && !fields.containsKey(parts[1])) {
                    problems.add(new Problem(lineOf(name), "'" + first + "' has no field '" + parts[1] + "' (fields: "
                            + String.join(", ", fields.keySet()) + ")", true));
                }
                return;
            }
            for (String section : sections) {
                Map<String, String> fields = Variables.listFields(section);
                if (fields == null) {
                    fields = Variables.objectFields(section);
                }
                if (fields != null && fields.containsKey(first)) {
                    return;
                }
            }
            problems.add(new Problem(lineOf(name), "unknown variable '" + name + "'" + suggestion(first), true));
        }

        private String suggestion(String name) {
            return Variables.TOP.keySet().stream()
                    .filter(v -> LevenshteinDistance.getDefaultInstance().apply(v.toLowerCase(), name.toLowerCase()) <= 2)
                    .findFirst().map(v -> "; did you mean '" + v + "'?").orElse("");
        }

        private int lineOf(String name) {
            String[] lines = block.text().split("\n", -1);
            Pattern p = Pattern.compile("\\{\\{[#^/&{>]?\\s*" + Pattern.quote(name) + "\\s*}");
            for (int i = 0; i < lines.length; i++) {
                if (p.matcher(lines[i]).find()) {
                    return block.line() + i;
                }
            }
            return block.line();
        }
    }
}
