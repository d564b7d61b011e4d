package org.recprompt.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OWASP's CSV injection rule for files meant for spreadsheets; numbers stay numbers. */
class SpreadsheetTextTest {

    @Test
    void text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote() {
        assertThat(SpreadsheetText.cell("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
        assertThat(SpreadsheetText.cell("+cmd|' /C calc'!A0")).isEqualTo("'+cmd|' /C calc'!A0");
        assertThat(SpreadsheetText.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(SpreadsheetText.cell("--1")).isEqualTo("'--1");
        assertThat(SpreadsheetText.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetText.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(SpreadsheetText.cell("\r=1")).isEqualTo("'\r=1");
    }

    @Test
    void plain_numbers_and_ordinary_text_are_left_alone() {
        assertThat(SpreadsheetText.cell("-0.5")).isEqualTo("-0.5");
        assertThat(SpreadsheetText.cell("+3")).isEqualTo("+3");
        assertThat(SpreadsheetText.cell("-1e-4")).isEqualTo("-1e-4");
        assertThat(SpreadsheetText.cell("-.25")).isEqualTo("-.25");
        assertThat(SpreadsheetText.cell("Heat (1995)")).isEqualTo("Heat (1995)");
        assertThat(SpreadsheetText.cell("a=b")).isEqualTo("a=b");
        assertThat(SpreadsheetText.cell("")).isEmpty();
        assertThat(SpreadsheetText.cell(null)).isNull();
    }
}
