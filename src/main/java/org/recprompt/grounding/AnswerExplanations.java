package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an answer says besides the items it names (for the explanation checks): {@link AnswerParser}
 * reads the entries; this keeps the text around them, with the same list markers and the same rule
 * for where a title ends and prose begins.
 */
final class AnswerExplanations {

    private AnswerExplanations() {
    }

    private static final Pattern TITLE_CLOSE = Pattern.compile("^[\"\u201d\u2019*_]+");
    private static final Pattern LEADING_SEPARATOR = Pattern.compile("^[\\s\u2013\u2014:;,(-]+");

    /**
     * The explanation an answer carries, as text (null when it has none). With {@code wholeAnswer}
     * (a template whose output is text) the whole answer. Otherwise, for a list: each entry's text
     * after the first separator that starts prose ("Heat - it has the tense heists of Ronin" gives "it
     * has the tense heists of Ronin"; "Star Wars: Episode IV - A New Hope" gives nothing), the
     * indented lines under entries, and the lines around the list that are not entries; one per line.
     */
    static String of(String text, boolean wholeAnswer) {
        String t = text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (t.isEmpty()) {
            return null;
        }
        if (wholeAnswer) {
            return t;
        }
        List<String> parts = new ArrayList<>();
        int topIndent = -1;
        for (String line : t.split("\n")) {
            if (line.isBlank() || FENCE_LINE.matcher(line).matches()) {
                continue;
            }
            Matcher m = AnswerParser.LIST_ITEM.matcher(line);
            if (!m.matches()) {
                parts.add(line.strip());
                continue;
            }
            int indent = m.group(1).replace("\t", "    ").length();
            if (topIndent < 0) {
                topIndent = indent;
            }
            if (indent > topIndent) {
                addExplanation(parts, cleanStart(m.group(7))); // a sub-item under an entry
                continue;
            }
            // Only the start is cleaned: the end is the explanation's, with its quotes ('... and "Zorblax (1987)".')
            String s = cleanStart(m.group(7));
            Matcher year = AnswerParser.YEAR_CUT.matcher(s);
            if (year.find()) { // everything after "Title (1995)" explains it
                String after = TITLE_CLOSE.matcher(s.substring(year.end())).replaceFirst(""); // "Heat (1995)" - ...
                addExplanation(parts, LEADING_SEPARATOR.matcher(after).replaceFirst(""));
                continue;
            }
            Matcher sep = AnswerParser.SEPARATORS.matcher(s);
            while (sep.find()) {
                if (sep.start() > 0 && AnswerParser.explains(sep.group(), s.substring(sep.end()))) {
                    addExplanation(parts, LEADING_SEPARATOR.matcher(s.substring(sep.start())).replaceFirst(""));
                    break;
                }
            }
        }
        return parts.isEmpty() ? null : String.join("\n", parts);
    }

    /** Adds an explanation part unless it holds no letter or digit (a title's closing quote or full stop). */
    private static void addExplanation(List<String> parts, String text) {
        String t = text.strip();
        if (t.codePoints().anyMatch(Character::isLetterOrDigit)) {
            parts.add(t);
        }
    }

    /** {@link AnswerParser#clean} of a list entry's start only: markdown and labels removed, the end (closing quotes, full stop) kept. */
    private static String cleanStart(String s) {
        String t = s.replace("**", "").replace("__", "").replace("`", "").strip();
        t = AnswerParser.LABEL.matcher(t).replaceFirst("");
        return AnswerParser.LEADING_QUOTES.matcher(t).replaceAll("").strip();
    }

    private static final Pattern FENCE_LINE = Pattern.compile("^\\s*```.*$");
}
