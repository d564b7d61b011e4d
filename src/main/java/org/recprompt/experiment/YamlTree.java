package org.recprompt.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document as a tree that remembers where every value stands, read with Jackson's
 * streaming YAML parser ({@link JsonParser#currentTokenLocation()}), so that a validation error can
 * name the key's path and its line. Jackson's own {@code JsonNode} forgets locations.
 */
final class YamlTree {

    private static final YAMLFactory YAML = new YAMLFactory();

    /** One value: a mapping (fields in file order), a sequence, or a scalar (text, or null for YAML null). */
    record Node(String path, int line, Map<String, Node> fields, List<Node> items, String scalar, boolean isNull,
            boolean quoted) {

        boolean isMap() {
            return fields != null;
        }

        boolean isList() {
            return items != null;
        }

        boolean isScalar() {
            return fields == null && items == null;
        }

        String kind() {
            return isMap() ? "a mapping" : isList() ? "a list" : isNull ? "empty" : "'" + scalar + "'";
        }
    }

    private YamlTree() {
    }

    /** Parses one document; syntax errors become {@link ExperimentException}s with the parser's line. */
    static Node parse(String text, String origin) {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ExperimentException(origin, 1, null, "the file is empty");
            }
            return value(p, "", origin);
        } catch (JsonProcessingException e) {
            throw syntaxError(e, origin);
        } catch (IOException e) {
            throw new ExperimentException(origin, 1, null, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * A syntax error at the line the YAML parser found it on, with its whole reason. Jackson's
     * location is that of the last token it read (often lines above the problem) and its message
     * starts with the parser's context ("while parsing a flow mapping"), so the problem itself is
     * taken from SnakeYAML's exception: its 0-based problem mark, its problem and its context.
     */
    static ExperimentException syntaxError(JsonProcessingException e, String origin) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Mark at = m.getProblemMark();
            StringBuilder why = new StringBuilder(oneLine(m.getProblem() == null ? "not valid YAML" : m.getProblem()));
            why.append(" (column ").append(at.getColumn() + 1);
            Mark context = m.getContextMark();
            if (m.getContext() != null && context != null) {
                why.append("; ").append(oneLine(m.getContext())).append(" that starts on line ").append(context.getLine() + 1)
                        .append(", column ").append(context.getColumn() + 1);
            } else if (m.getContext() != null) {
                why.append("; ").append(oneLine(m.getContext()));
            }
            why.append(')');
            return new ExperimentException(origin, at.getLine() + 1, null, "not valid YAML: " + why);
        }
        JsonLocation at = e.getLocation();
        int line = at == null ? 1 : Math.max(1, at.getLineNr());
        String why = e.getOriginalMessage() == null ? "not valid YAML" : oneLine(e.getOriginalMessage());
        return new ExperimentException(origin, line, null, "not valid YAML: " + why);
    }

    /** The parser's text on one line (its messages may carry a quoted snippet on following lines). */
    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static Node value(JsonParser p, String path, String origin) throws IOException {
        JsonToken t = p.currentToken();
        int line = line(p);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int keyLine = line(p);
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    if (fields.containsKey(name)) {
                        throw new ExperimentException(origin, keyLine, childPath, "the key appears twice");
                    }
                    p.nextToken();
                    Node child = value(p, childPath, origin);
                    // A value's line is its key's line: that is where a reader looks.
                    fields.put(name, new Node(child.path(), keyLine, child.fields(), child.items(), child.scalar(),
                            child.isNull(), child.quoted()));
                }
                return new Node(path, line, fields, null, null, false, false);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                int n = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, path + "[" + (++n) + "]", origin));
                }
                return new Node(path, line, null, items, null, false, false);
            }
            case VALUE_NULL -> {
                return new Node(path, line, null, null, null, true, false);
            }
            default -> {
                return new Node(path, line, null, null, p.getText(), false, t == JsonToken.VALUE_STRING);
            }
        }
    }

    private static int line(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return l == null ? 1 : Math.max(1, l.getLineNr());
    }
}
