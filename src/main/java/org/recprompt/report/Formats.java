package org.recprompt.report;

import java.util.Locale;

/** How numbers appear in every report (dot decimals whatever the machine's locale). */
public final class Formats {

    private Formats() {
    }

    /** A metric value: 4 decimals below 10, 2 below 100, 1 above; "n/a" for NaN. */
    public static String value(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        double a = Math.abs(x);
        String pattern = a < 10 ? "%.4f" : a < 100 ? "%.2f" : "%.1f";
        return String.format(Locale.ROOT, pattern, x);
    }

    /** A value in a small space (heatmap cells): 2 decimals. */
    public static String shortValue(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.2f", x);
    }

    /** An interval "[lo, hi]", or "" when there is none. */
    public static String interval(double lo, double hi) {
        return Double.isNaN(lo) || Double.isNaN(hi) ? "" : "[" + value(lo) + ", " + value(hi) + "]";
    }

    /** A signed difference: "+0.0123". */
    public static String difference(double x) {
        return Double.isNaN(x) ? "n/a" : (x >= 0 ? "+" : "") + value(x);
    }

    /** A p-value: "<0.0001" when tiny, 4 decimals otherwise, "n/a" when not computed. */
    public static String p(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }

    /** A plain number without trailing zeros (0.05, 3, 1000). */
    public static String number(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return String.valueOf((long) x);
        }
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** A setting's value as text: lists joined by ", ", null as "-". */
    public static String setting(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof java.util.List<?> l) {
            return String.join(", ", l.stream().map(Formats::setting).toList());
        }
        if (v instanceof Double d) {
            return number(d);
        }
        return String.valueOf(v);
    }
}
