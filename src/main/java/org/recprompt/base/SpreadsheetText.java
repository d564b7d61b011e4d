package org.recprompt.base;

import java.util.regex.Pattern;

/**
 * Text for a CSV file meant to be opened in a spreadsheet (a report's CSV, the egress log export):
 * a text cell beginning with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return
 * gets a leading single quote, so Excel, LibreOffice or Google Sheets show it as text instead of
 * running it as a formula (OWASP's CSV injection rule). A cell that is a plain number ({@code -0.5},
 * {@code +3}, {@code 1e-4}) stays as it is, so numbers stay numbers. Data files read by programs
 * (recommendations.csv, slots.csv, metrics-per-user.csv) are written raw and do not use this.
 */
public final class SpreadsheetText {

    private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private SpreadsheetText() {
    }

    /** The text, with a leading quote when a spreadsheet would read it as a formula. */
    public static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        boolean risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        return risky && !NUMBER.matcher(s).matches() ? "'" + s : s;
    }
}
