package org.recprompt.dataset.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fields of a Book-Crossing dump line: {@code "a";"b";NULL}. A quoted field ends only at a quote
 * followed by {@code ;} or the end of the line, so quotes inside titles are kept. The dump's
 * MySQL escapes are undone: {@code \"} inside a field is a quote; {@code \";} ends the field (a
 * handful of BX-Books rows read {@code "Title\";Author";"2000";...}, where the escaped quote
 * closed the title and the author lost its opening quote); an unquoted field ends at {@code ;}
 * and loses a stray closing quote.
 */
final class BxFields {

    private BxFields() {
    }

    /** The line's fields; exactly {@code expected} of them or an error naming the line. */
    static String[] split(Path file, long number, String line, int expected) {
        List<String> out = new ArrayList<>(expected);
        int n = line.length();
        int i = 0;
        while (true) {
            int next;
            if (i < n && line.charAt(i) == '"') {
                int close = i + 1;
                while (true) {
                    close = line.indexOf('"', close);
                    if (close < 0) {
                        throw new DatasetFormatException(file, number, "field " + (out.size() + 1)
                                + " opens a quote that is never closed", line);
                    }
                    if (close + 1 == n || line.charAt(close + 1) == ';') {
                        break;
                    }
                    close++;
                }
                String v = line.substring(i + 1, close);
                if (v.endsWith("\\")) {
                    v = v.substring(0, v.length() - 1);
                }
                out.add(v.replace("\\\"", "\""));
                next = close + 1;
            } else {
                int end = line.indexOf(';', i);
                if (end < 0) {
                    end = n;
                }
                String v = line.substring(i, end);
                out.add(v.endsWith("\"") ? v.substring(0, v.length() - 1) : v);
                next = end;
            }
            if (next >= n) {
                break;
            }
            i = next + 1;
            if (i == n) {
                out.add("");
                break;
            }
        }
        if (out.size() != expected) {
            throw new DatasetFormatException(file, number, "expected " + expected + " fields (\"...\";\"...\") but found "
                    + out.size(), line);
        }
        return out.toArray(String[]::new);
    }

    /** The first line must name these columns first. */
    static void requireHeader(Path file, long number, String[] fields, String... columns) {
        for (int k = 0; k < columns.length; k++) {
            if (!fields[k].strip().equalsIgnoreCase(columns[k])) {
                throw new DatasetFormatException(file, number, "expected the header \"" + String.join("\";\"", columns)
                        + "\"... (the publisher's layout)", null);
            }
        }
    }

    /** A text field with HTML entities (Book-Crossing's dump, Amazon's metadata) ({@code &amp;}, {@code &quot;}, {@code &#39;}, ...) decoded. */
    static String text(String field) {
        String s = field.strip();
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            String decoded = semi > i && semi - i <= 8 ? entity(s.substring(i + 1, semi)) : null;
            if (decoded == null) {
                b.append(c);
                i++;
            } else {
                b.append(decoded);
                i = semi + 1;
            }
        }
        return b.toString();
    }

    private static String entity(String name) {
        switch (name) {
            case "amp":
                return "&";
            case "quot":
                return "\"";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "apos":
                return "'";
            case "nbsp":
                return " ";
            default:
                break;
        }
        if (name.matches("#\\d{1,6}")) {
            int code = Integer.parseInt(name.substring(1));
            return Character.isValidCodePoint(code) && code > 0 ? new String(Character.toChars(code)) : null;
        }
        if (name.matches("#[xX][0-9a-fA-F]{1,6}")) {
            int code = Integer.parseInt(name.substring(2), 16);
            return Character.isValidCodePoint(code) && code > 0 ? new String(Character.toChars(code)) : null;
        }
        return null;
    }
}
