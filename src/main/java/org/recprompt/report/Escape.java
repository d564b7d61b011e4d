package org.recprompt.report;

/**
 * Escaping for each output format. Everything a report shows that came from a run (model answers
 * above all, but also variant ids, titles and settings) is untrusted text and passes through here.
 */
public final class Escape {

    private Escape() {
    }

    /** Text or attribute content for HTML: &amp; &lt; &gt; &quot; &#39; escaped; control characters dropped. */
    public static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Text for LaTeX (outside math): the ten specials replaced by their text forms; control characters dropped. */
    public static String latex(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\textbackslash{}");
                case '{' -> b.append("\\{");
                case '}' -> b.append("\\}");
                case '$' -> b.append("\\$");
                case '&' -> b.append("\\&");
                case '#' -> b.append("\\#");
                case '%' -> b.append("\\%");
                case '_' -> b.append("\\_");
                case '^' -> b.append("\\textasciicircum{}");
                case '~' -> b.append("\\textasciitilde{}");
                case '<' -> b.append("\\textless{}");
                case '>' -> b.append("\\textgreater{}");
                case '\n', '\r', '\t' -> b.append(' ');
                default -> {
                    if (c >= 0x20) {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /**
     * Text inside a Markdown table cell or line: backslash-escapes Markdown's emphasis, code, link and table punctuation and HTML's
     * angle brackets and ampersand (so a renderer that allows inline HTML shows it as text), newlines
     * become spaces.
     */
    public static String markdown(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\`*_{}[]|~".indexOf(c) >= 0) {
                b.append('\\').append(c);
            } else if (c == '<') {
                b.append("&lt;");
            } else if (c == '>') {
                b.append("&gt;");
            } else if (c == '&') {
                b.append("&amp;");
            } else if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' ');
            } else if (c >= 0x20) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A fenced Markdown code block whose fence is longer than any backtick run in the text. */
    public static String markdownBlock(String text) {
        String t = text == null ? "" : text;
        int longest = 0;
        int run = 0;
        for (int i = 0; i < t.length(); i++) {
            run = t.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + t.replace("\r\n", "\n") + (t.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    /** Text for a PDF's standard fonts: control characters other than newline and tab dropped. */
    public static String plain(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c >= 0x20 && c != 0x7f || c == '\n' || c == '\t') {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
