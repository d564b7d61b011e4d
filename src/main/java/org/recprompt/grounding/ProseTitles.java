package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.grounding.ParsedAnswer.Entry;

/**
 * Titles marked inside prose: 'I recommend "Gone Girl" because ...', "You might enjoy *The Road*
 * by Cormac McCarthy." Each quoted, bold or emphasised span is an entry, with the author when "by"
 * follows it; a span the sentence cites as the user's taste ('Since you loved "The Road"', 'books
 * like "Blindness"') is not one. The grounder offers them as one more loose reading of an answer
 * without list markers, kept only when it matches best.
 */
final class ProseTitles {

    private static final Pattern MARKED = Pattern.compile(
            "\"([^\"\\n]{2,120}?)\"|\u201c([^\u201c\u201d\\n]{2,120}?)\u201d|\\*\\*([^*\\n]{2,120}?)\\*\\*|(?<![*\\w])\\*([^*\\n]{2,120}?)\\*(?![*\\w])|(?<!\\w)_([^_\\n]{2,120}?)_(?!\\w)");
    private static final Pattern BY = Pattern.compile("^,?\\s+by\\s+(?=\\p{Lu})");
    private static final Pattern TASTE = Pattern.compile(
            "(?i)(?:(?<!might |would |will |should |may |could |must |'d |\u2019d |'ll |\u2019ll |also |to )\\b(?:liked|loved|enjoyed|read|rated|like|love|enjoy|finished)|\\bfan of|\\bsimilar to|\\breminiscent of|\\bsuch as|\\bafter)\\s*$");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]\\s|\\n");

    private ProseTitles() {
    }

    /** The marked titles of the text in order, each once. */
    static List<Entry> entries(String text) {
        List<Entry> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Matcher m = MARKED.matcher(text);
        int previousEnd = 0;
        while (m.find()) {
            String title = null;
            for (int g = 1; g <= m.groupCount() && title == null; g++) {
                title = m.group(g);
            }
            String before = text.substring(previousEnd, m.start());
            Matcher end = SENTENCE_END.matcher(before);
            int sentence = 0;
            while (end.find()) {
                sentence = end.end();
            }
            previousEnd = m.end();
            String t = title.strip();
            if (t.isEmpty() || !Character.isLetterOrDigit(t.codePointAt(0)) || TASTE.matcher(before.substring(sentence)).find()
                    || t.endsWith(":") || t.split("\\s+").length > 15) {
                continue;
            }
            String rest = text.substring(m.end());
            Matcher by = BY.matcher(rest);
            String raw = by.find() ? t + " by " + Bylines.name(rest.substring(by.end())) : t;
            String key = Titles.key(t).text();
            if (!seen.contains(key)) {
                seen.add(key);
                out.add(AnswerParser.entry(raw, -1));
            }
        }
        return out;
    }
}
