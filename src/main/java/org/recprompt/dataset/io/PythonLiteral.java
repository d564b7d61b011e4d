package org.recprompt.dataset.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one Python literal as Python 2's {@code str(dict)} writes it (the Amazon 2014 metadata
 * lines): dicts, lists and tuples; strings in single or double quotes with an optional u/b prefix
 * and backslash escapes ({@code \'}, {@code \n}, {@code \xNN}, backslash-u with four hex digits, octal); runs of
 * {@code \xNN} are the UTF-8 bytes of a byte string and are decoded as UTF-8 (Latin-1 when they
 * are not UTF-8); numbers; {@code True}, {@code False}, {@code None} (and JSON's true, false,
 * null, so a line in strict JSON reads too). Dict keys become strings.
 * Anything else is an {@link IllegalArgumentException} naming the character position.
 */
final class PythonLiteral {

    private final String s;
    private int pos;

    private PythonLiteral(String s) {
        this.s = s;
    }

    /** The dict on the line (a {@code Map<String, Object>}). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> dict(String line) {
        PythonLiteral p = new PythonLiteral(line);
        p.space();
        if (p.pos >= line.length() || line.charAt(p.pos) != '{') {
            throw p.error("expected a dict starting with '{'");
        }
        Object v = p.value();
        p.space();
        if (p.pos != line.length()) {
            throw p.error("unexpected text after the dict");
        }
        return (Map<String, Object>) v;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + (pos + 1));
    }

    private void space() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private Object value() {
        space();
        if (pos >= s.length()) {
            throw error("the line ends where a value was expected");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return dictBody();
            case '[':
                return sequence(']');
            case '(':
                return sequence(')');
            case '\'':
            case '"':
                return string();
            default:
                break;
        }
        if ((c == 'u' || c == 'U' || c == 'b' || c == 'B') && pos + 1 < s.length()
                && (s.charAt(pos + 1) == '\'' || s.charAt(pos + 1) == '"')) {
            pos++;
            return string();
        }
        if (s.startsWith("True", pos) || s.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("False", pos) || s.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("None", pos) || s.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        return number();
    }

    private Map<String, Object> dictBody() {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        space();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            Object key = value();
            space();
            if (peek() != ':') {
                throw error("expected ':' after a dict key");
            }
            pos++;
            Object v = value();
            out.putIfAbsent(String.valueOf(key), v);
            space();
            char c = peek();
            pos++;
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in a dict");
            }
            space();
            if (peek() == '}') {
                pos++;
                return out;
            }
        }
    }

    private List<Object> sequence(char close) {
        List<Object> out = new ArrayList<>();
        pos++;
        space();
        if (peek() == close) {
            pos++;
            return out;
        }
        while (true) {
            out.add(value());
            space();
            char c = peek();
            pos++;
            if (c == close) {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '" + close + "' in a list");
            }
            space();
            if (peek() == close) {
                pos++;
                return out;
            }
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private String string() {
        char quote = s.charAt(pos++);
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            if (pos >= s.length()) {
                throw error("the line ends inside a string");
            }
            char c = s.charAt(pos++);
            if (c == quote) {
                flush(bytes, out);
                return out.toString();
            }
            if (c != '\\') {
                flush(bytes, out);
                out.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("the line ends inside a string");
            }
            char e = s.charAt(pos++);
            if (e == 'x') {
                bytes.write(hex(2));
                continue;
            }
            flush(bytes, out);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'a' -> out.append('\u0007');
                case 'v' -> out.append('\u000b');
                case 'u' -> out.append((char) hex(4));
                case 'U' -> out.appendCodePoint(hex(8));
                case '\n' -> { }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7'; k++) {
                            v = v * 8 + (s.charAt(pos++) - '0');
                        }
                        out.append((char) v);
                    } else {
                        out.append(e);
                    }
                }
            }
        }
    }

    private int hex(int digits) {
        if (pos + digits > s.length()) {
            throw error("the line ends inside an escape");
        }
        try {
            int v = Integer.parseInt(s, pos, pos + digits, 16);
            pos += digits;
            return v;
        } catch (NumberFormatException ex) {
            throw error("a malformed escape");
        }
    }

    /** Decodes a run of \xNN bytes as UTF-8, or Latin-1 when they are not UTF-8. */
    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() == 0) {
            return;
        }
        byte[] b = bytes.toByteArray();
        bytes.reset();
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)));
        } catch (CharacterCodingException e) {
            out.append(new String(b, StandardCharsets.ISO_8859_1));
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        boolean real = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c >= '0' && c <= '9') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || ((c == '-' || c == '+') && real)) {
                real = true;
                pos++;
            } else {
                break;
            }
        }
        if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
            pos++; // Python 2 long
            return parse(start, pos - 1, false);
        }
        return parse(start, pos, real);
    }

    private Object parse(int from, int to, boolean real) {
        String text = s.substring(from, to);
        try {
            return real ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
        } catch (NumberFormatException e) {
            pos = from;
            throw error("expected a value (a string, number, list, dict, True, False or None)");
        }
    }
}
