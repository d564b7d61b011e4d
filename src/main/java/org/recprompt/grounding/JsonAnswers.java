package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.grounding.ParsedAnswer.Entry;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON readings of an answer ({@link AnswerParser}'s other half): fenced or not, arrays of
 * strings or of objects ({@code title}/{@code name}/{@code movie}/{@code book}, {@code year}), an
 * object holding such an array; an answer cut off mid-JSON keeps its complete strings and the cut
 * one. Lenient: trailing commas, single quotes, unquoted field names and comments are read.
 */
final class JsonAnswers {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*\\s*\\n?(.*?)(?:```|$)", Pattern.DOTALL);
    private static final Pattern JSON_ARRAY_START = Pattern.compile("\\[\\s*[\"{]");
    private static final Pattern YEAR = Pattern.compile("\\(\\d{4}\\)");

    private JsonAnswers() {
    }

    static boolean looksLikeJson(String t) {
        return t.contains("```json") || t.startsWith("[") || t.startsWith("{")
                || JSON_ARRAY_START.matcher(t).find();
    }

    static List<List<Entry>> read(String t) {
        String body = t;
        Matcher fence = FENCE.matcher(t);
        if (fence.find()) {
            body = fence.group(1);
        }
        int a = body.indexOf('[');
        int o = body.indexOf('{');
        int start = a < 0 ? o : o < 0 ? a : Math.min(a, o);
        if (start < 0) {
            return List.of();
        }
        char close = body.charAt(start) == '[' ? ']' : '}';
        int end = body.lastIndexOf(close);
        List<Entry> entries = new ArrayList<>();
        if (end > start) {
            try {
                collect(JSON.readTree(body.substring(start, end + 1)), entries);
            } catch (Exception e) {
                entries.clear();
            }
        }
        if (entries.isEmpty()) {
            salvage(body.substring(start), entries);
        }
        return entries.isEmpty() ? List.of() : List.of(entries);
    }

    private static final List<String> TITLE_FIELDS = List.of("title", "name", "movie", "film", "item", "book", "recommendation");

    private static void collect(JsonNode node, List<Entry> out) {
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isTextual()) {
                    out.add(AnswerParser.entry(n.asText(), -1));
                } else if (n.isObject()) {
                    object(n, out);
                } else if (n.isArray()) {
                    collect(n, out);
                }
            }
        } else if (node.isObject()) {
            if (titleOf(node) != null) {
                object(node, out);
                return;
            }
            for (JsonNode v : node) {
                if (v.isArray()) {
                    collect(v, out);
                    return;
                }
            }
        }
    }

    private static String titleOf(JsonNode n) {
        var fields = n.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (TITLE_FIELDS.contains(f.getKey().toLowerCase(Locale.ROOT)) && f.getValue().isTextual()) {
                return f.getValue().asText();
            }
        }
        return null;
    }

    private static void object(JsonNode n, List<Entry> out) {
        String title = titleOf(n);
        if (title == null) {
            return;
        }
        JsonNode year = n.get("year");
        String withYear = year != null && year.asInt() > 0 && !YEAR.matcher(title).find()
                ? title.strip() + " (" + year.asInt() + ")" : title;
        String author = authorOf(n);
        out.add(AnswerParser.entry(author == null ? withYear : withYear.strip() + " by " + author, -1));
    }

    private static final List<String> AUTHOR_FIELDS = List.of("author", "authors", "writer", "by");

    /** {"title": "Invisible", "author": "Paul Auster"}: the author the byline stage decides with, or null. */
    private static String authorOf(JsonNode n) {
        for (String field : AUTHOR_FIELDS) {
            JsonNode a = n.get(field);
            if (a != null && a.isTextual() && !a.asText().isBlank()) {
                return a.asText().strip();
            }
            if (a != null && a.isArray() && a.size() > 0) {
                List<String> names = new ArrayList<>();
                a.forEach(x -> {
                    if (x.isTextual() && !x.asText().isBlank()) {
                        names.add(x.asText().strip());
                    }
                });
                return names.isEmpty() ? null : String.join(" and ", names);
            }
        }
        return null;
    }

    private static final Pattern JSON_TITLE = Pattern.compile(
            "\"(?:title|name|movie|film|item)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)+)\"(?:\\s*,\\s*\"year\"\\s*:\\s*(\\d{4}))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern JSON_CUT_STRING = Pattern.compile("[\\[,]\\s*\"((?:[^\"\\\\]|\\\\.){3,})\\s*$");
    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.){2,})\"\\s*(?=[,\\]])");

    /** A JSON answer cut off by the token limit: the complete strings before the cut. */
    private static void salvage(String body, List<Entry> out) {
        Matcher m = JSON_TITLE.matcher(body);
        while (m.find()) {
            out.add(AnswerParser.entry(unescape(m.group(1)) + (m.group(2) == null ? "" : " (" + m.group(2) + ")"), -1));
        }
        if (out.isEmpty() && body.startsWith("[")) {
            Matcher s = JSON_STRING.matcher(body);
            while (s.find()) {
                out.add(AnswerParser.entry(unescape(s.group(1)), -1));
            }
            Matcher cut = JSON_CUT_STRING.matcher(body);
            if (cut.find()) {
                out.add(AnswerParser.entry(unescape(cut.group(1)), -1)); // the string the token limit cut off
            }
        }
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
