package org.recprompt.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            String why = e.getOriginalMessage() == null ? "not valid YAML" : e.getOriginalMessage();
            throw new ExperimentException(origin, line, null, "not valid YAML: " + why.lines().findFirst().orElse(why));
        } catch (IOException e) {
            throw new ExperimentException(origin, 1, null, "cannot be read: " + e.getMessage());
        }
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
