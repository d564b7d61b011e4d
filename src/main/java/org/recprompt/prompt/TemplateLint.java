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
 * are answered, and shape rules of the template's kind. Each problem names its line.
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
        if (t.meta().kind() == TemplateKind.CHOICE && t.meta().abstain()
                && t.blocks().stream().noneMatch(b -> b.text().contains("N/A"))) {
            problems.add(new Problem(1, "abstain: true, but no block tells the model that N/A is an allowed answer", false));
        }
        return problems;
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
