package org.recprompt.prompt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A prompt template file: YAML front matter between {@code ---} lines, then blocks that each
 * start with a marker line: {@code [system]}, {@code [user]}, {@code [assistant]},
 * {@code [user-side]}, {@code [item-side]} or {@code [step NAME]} (a chain step: a user turn whose
 * answer later blocks read as {@code {{steps.NAME}}}). Block text is Mustache. The version is the
 * first 12 hexadecimal digits of the SHA-256 of the whole file, so any change makes a new one.
 *
 * @param meta the front matter
 * @param blocks the blocks in file order
 * @param text the whole file
 * @param origin where it came from (a path), for messages
 */
public record PromptTemplate(Meta meta, List<Block> blocks, String text, String origin) {

    private static final Pattern MARKER = Pattern.compile("^\\[(system|user|assistant|user-side|item-side|step ([A-Za-z0-9_-]+))\\]\\s*$");

    /**
     * The front matter. {@code domain} is the domain the template is written for ({@code domain:
     * book}), or null: then its words ({@code {{domain}}}, {@code {{verb}}}, ...) are the dataset's.
     */
    public record Meta(String name, TemplateKind kind, String paradigm, String source, OutputFormat output,
            String tests, String domain, int k, int candidates, int history, boolean recentFirst, boolean abstain,
            boolean images, Map<String, Object> extra) {

        /**
         * The template this one rewords (front matter {@code paraphrase-of: NAME}), or null. A run's
         * templates that reword the same template, together with that template when it is in the run
         * too, form a paraphrase set: a prompt-sensitivity study (docs/TEMPLATES.md).
         */
        public String paraphraseOf() {
            Object v = extra.get("paraphrase-of");
            return v == null || v.toString().isBlank() ? null : v.toString().strip();
        }

        /** The name of the template's paraphrase family: what it rewords, else its own name. */
        public String paraphraseFamily() {
            String of = paraphraseOf();
            return of == null ? name : of;
        }

        /**
         * Whether the answer is (or carries) an explanation to check against the user's history
         * (front matter {@code explanation: true}): the whole answer for text output, the text after
         * each title (and the prose around the list) for list output.
         */
        public boolean explains() {
            return Boolean.parseBoolean(String.valueOf(extra.get("explanation")));
        }
    }

    /** One message (or side) of the template, with the file line its text starts on. */
    public record Block(String role, String step, String text, int line) {
    }

    public String version() {
        synchronized (VERSIONS) {
            String v = VERSIONS.get(text);
            if (v != null) {
                return v;
            }
        }
        byte[] digest = org.recprompt.base.Hashes.sha256(text.getBytes(StandardCharsets.UTF_8));
        String v = HexFormat.of().formatHex(digest).substring(0, 12);
        synchronized (VERSIONS) {
            VERSIONS.put(text, v);
        }
        return v;
    }

    /**
     * Versions already computed, by template text: a run asks for its templates' versions once per
     * call (the prompt id), and hashing the whole file each time was a measurable share of a run's
     * CPU. Weak keys: a template no longer referenced takes its entry with it.
     */
    private static final Map<String, String> VERSIONS = new java.util.WeakHashMap<>();

    public String name() {
        return meta.name();
    }

    public List<Block> blocks(String role) {
        return blocks.stream().filter(b -> b.role().equals(role)).toList();
    }

    /** Parses a template file; problems name the origin and line. */
    public static PromptTemplate parse(String text, String origin) {
        String normalised = text.replace("\r\n", "\n");
        String[] lines = normalised.split("\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            throw new TemplateException(origin, 1, "a template starts with front matter: a line '---', YAML, and '---'");
        }
        int end = -1;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().equals("---")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new TemplateException(origin, 1, "the front matter is not closed by a line '---'");
        }
        Meta meta = meta(String.join("\n", java.util.Arrays.copyOfRange(lines, 1, end)), origin);
        List<Block> blocks = new ArrayList<>();
        String role = null;
        String step = null;
        int start = 0;
        StringBuilder body = new StringBuilder();
        for (int i = end + 1; i < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i]);
            if (m.matches()) {
                if (role != null) {
                    blocks.add(block(role, step, body, start));
                }
                role = m.group(2) != null ? "user" : m.group(1);
                step = m.group(2);
                start = i + 2;
                body.setLength(0);
            } else if (role == null) {
                if (!lines[i].isBlank()) {
                    throw new TemplateException(origin, i + 1, "text before the first block marker such as [user]");
                }
            } else {
                body.append(lines[i]).append('\n');
            }
        }
        if (role != null) {
            blocks.add(block(role, step, body, start));
        }
        PromptTemplate t = new PromptTemplate(meta, List.copyOf(blocks), normalised, origin);
        t.checkShape();
        return t;
    }

    /** A block whose line is that of its first text line, after the blank lines trimBlock drops. */
    private static Block block(String role, String step, StringBuilder body, int start) {
        int lead = 0;
        while (lead < body.length() && body.charAt(lead) == '\n') {
            lead++;
        }
        return new Block(role, step, trimBlock(body), start + lead);
    }

    private static String trimBlock(StringBuilder body) {
        String s = body.toString();
        int from = 0;
        while (from < s.length() && s.charAt(from) == '\n') {
            from++;
        }
        return s.substring(from).stripTrailing();
    }

    /** Checks the blocks against the kind; a problem names the marker line it is about, or the last line. */
    private void checkShape() {
        String[] lines = text.split("\n", -1);
        int last = lines.length;
        while (last > 1 && lines[last - 1].isBlank()) {
            last--;
        }
        if (blocks.isEmpty()) {
            throw new TemplateException(origin, last, "the template has no blocks; add [user] (or [user-side] and [item-side])");
        }
        switch (meta.kind()) {
            case SCORING_PAIR -> {
                List<Block> users = blocks("user-side");
                List<Block> items = blocks("item-side");
                if (users.size() > 1 || items.size() > 1) {
                    Block extra = users.size() > 1 ? users.get(1) : items.get(1);
                    throw new TemplateException(origin, markerLine(extra),
                            "a scoring-pair template needs exactly one [user-side] and one [item-side]; this is a second [" + extra.role() + "]");
                }
                if (users.isEmpty() || items.isEmpty()) {
                    throw new TemplateException(origin, last, "a scoring-pair template needs exactly one [user-side] and one [item-side]; the ["
                            + (users.isEmpty() ? "user-side" : "item-side") + "] is missing");
                }
            }
            case CHAIN -> {
                if (blocks.stream().noneMatch(b -> b.step() != null)) {
                    throw new TemplateException(origin, markerLine(blocks.get(0)), "a chain template needs [step NAME] blocks");
                }
            }
            default -> {
                if (blocks("user").isEmpty()) {
                    throw new TemplateException(origin, markerLine(blocks.get(0)), "a " + meta.kind().id() + " template needs a [user] block");
                }
                blocks.stream().filter(b -> b.role().endsWith("-side")).findFirst().ifPresent(b -> {
                    throw new TemplateException(origin, markerLine(b), "[" + b.role() + "] belongs in scoring-pair templates");
                });
            }
        }
    }

    /** The 1-based line of the marker that opens a block. */
    private int markerLine(Block b) {
        String[] lines = text.split("\n", -1);
        for (int i = Math.min(b.line() - 2, lines.length - 1); i >= 0; i--) {
            if (MARKER.matcher(lines[i]).matches()) {
                return i + 1;
            }
        }
        return Math.max(1, b.line() - 1);
    }

    @SuppressWarnings("unchecked")
    private static Meta meta(String yaml, String origin) {
        Map<String, Object> m;
        try {
            m = yaml.isBlank() ? new LinkedHashMap<>() : new ObjectMapper(new YAMLFactory()).readValue(yaml, LinkedHashMap.class);
        } catch (java.io.IOException e) {
            throw new TemplateException(origin, 2, "the front matter is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Object> extra = new LinkedHashMap<>(m);
        String name = string(extra, "name", null, origin);
        if (name == null || name.isBlank()) {
            throw new TemplateException(origin, 2, "the front matter has no 'name'");
        }
        try {
            TemplateKind kind = TemplateKind.byId(string(extra, "kind", "chat", origin));
            OutputFormat output = OutputFormat.byId(string(extra, "output", "numbered-titles", origin));
            String order = string(extra, "order", "oldest-first", origin);
            if (!order.equals("oldest-first") && !order.equals("recent-first")) {
                throw new IllegalArgumentException("'order' is oldest-first or recent-first, not '" + order + "'");
            }
            Object explanation = extra.get("explanation");
            if (explanation != null && !(explanation instanceof Boolean)) {
                throw new IllegalArgumentException("'explanation' is true or false, not '" + explanation + "'");
            }
            Object paraphrase = extra.get("paraphrase-of");
            if (paraphrase != null && (!(paraphrase instanceof String p) || p.isBlank())) {
                throw new IllegalArgumentException("'paraphrase-of' names the template this one rewords, not '" + paraphrase + "'");
            }
            return new Meta(name, kind, string(extra, "paradigm", "", origin), string(extra, "source", "", origin), output,
                    string(extra, "tests", "", origin), blankToNull(string(extra, "domain", null, origin)),
                    integer(extra, "k", 10, origin), integer(extra, "candidates", 20, origin),
                    integer(extra, "history", 0, origin), order.equals("recent-first"),
                    bool(extra, "abstain", false), bool(extra, "images", kind == TemplateKind.VISION), Map.copyOf(extra));
        } catch (IllegalArgumentException e) {
            throw new TemplateException(origin, 2, "front matter: " + e.getMessage());
        }
    }

    private static String string(Map<String, Object> m, String key, String fallback, String origin) {
        Object v = m.remove(key);
        return v == null ? fallback : v.toString().strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static int integer(Map<String, Object> m, String key, int fallback, String origin) {
        Object v = m.remove(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        throw new IllegalArgumentException("'" + key + "' must be a whole number, not '" + v + "'");
    }

    private static boolean bool(Map<String, Object> m, String key, boolean fallback) {
        Object v = m.remove(key);
        return v == null ? fallback : Boolean.parseBoolean(v.toString());
    }
}
