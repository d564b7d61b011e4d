package org.recprompt.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

/**
 * Renders templates with Mustache: no HTML escaping, strict about missing variables and
 * sections, and exactly once. Values (titles, histories, answers) are inserted as text and never
 * read as template syntax, so an item titled {@code {{x}}} stays literal.
 */
public final class TemplateRenderer {

    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false).strictSections(true);
    private static final Pattern PARSE_LINE = Pattern.compile("@ line (\\d+)");
    /** Compiled blocks, most recently used kept: runs reuse a few, editing produces many one-offs. */
    private static final Map<String, Template> COMPILED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Template> eldest) {
                    return size() > 256;
                }
            });

    private TemplateRenderer() {
    }

    /**
     * Renders every block. Chain steps whose answers are not in the context render with a
     * placeholder ("[answer to step NAME]"), for previews; a run renders each step with the real answer.
     */
    @SuppressWarnings("unchecked")
    public static RenderedPrompt render(PromptTemplate t, Map<String, Object> context) {
        Map<String, Object> ctx = new LinkedHashMap<>(context);
        Map<String, Object> steps = new LinkedHashMap<>((Map<String, Object>) ctx.getOrDefault("steps", Map.of()));
        t.blocks().stream().filter(b -> b.step() != null)
                .forEach(b -> steps.putIfAbsent(b.step(), "[answer to step " + b.step() + "]"));
        ctx.put("steps", steps);
        List<Message> messages = new ArrayList<>();
        String userSide = null;
        List<String> itemSides = new ArrayList<>();
        for (PromptTemplate.Block b : t.blocks()) {
            switch (b.role()) {
                case "user-side" -> userSide = block(t, b, ctx);
                case "item-side" -> {
                    for (Object candidate : (List<Object>) ctx.getOrDefault("candidates", List.of())) {
                        Map<String, Object> one = new LinkedHashMap<>(ctx);
                        one.put("item", candidate);
                        itemSides.add(block(t, b, one));
                    }
                    if (itemSides.isEmpty() && ctx.containsKey("item")) {
                        itemSides.add(block(t, b, ctx));
                    }
                }
                default -> messages.add(new Message(b.role(), block(t, b, ctx), images(t, b, ctx), b.step()));
            }
        }
        return new RenderedPrompt(t.name(), t.version(), messages, userSide, itemSides);
    }

    /** Renders one block's text, with errors that name the template line. */
    public static String block(PromptTemplate t, PromptTemplate.Block b, Map<String, Object> context) {
        try {
            Template compiled;
            synchronized (COMPILED) {
                compiled = COMPILED.computeIfAbsent(b.text(), COMPILER::compile);
            }
            return compiled.execute(context).strip();
        } catch (MustacheException.Context e) {
            if (String.valueOf(e.key).startsWith("rating_") && !context.containsKey("rating_min")
                    && Variables.TOP.containsKey(e.key)) {
                throw new TemplateException(t.origin(), b.line() + e.lineNo - 1, "the variable '" + e.key
                        + "' states the dataset's rating scale, and this dataset has no ratings (implicit feedback):"
                        + " a template that states a rating scale does not apply to it");
            }
            throw new TemplateException(t.origin(), b.line() + e.lineNo - 1, "the variable '" + e.key
                    + "' is not defined here (see docs/TEMPLATES.md for the variables)");
        } catch (MustacheException e) {
            Matcher m = PARSE_LINE.matcher(String.valueOf(e.getMessage()));
            int line = m.find() ? b.line() + Integer.parseInt(m.group(1)) - 1 : b.line();
            throw new TemplateException(t.origin(), line, String.valueOf(e.getMessage()).replaceAll("\\s*@ line \\d+", ""));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> images(PromptTemplate t, PromptTemplate.Block b, Map<String, Object> ctx) {
        if (!t.meta().images() || !b.role().equals("user")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object c : (List<Object>) ctx.getOrDefault("candidates", List.of())) {
            Object image = ((Map<String, Object>) c).get("image");
            if (image != null && !image.toString().isEmpty()) {
                out.add(image.toString());
            }
        }
        return out;
    }
}
