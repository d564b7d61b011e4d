package org.recprompt.dataset.cli;

import java.util.Locale;

import org.recprompt.dataset.DatasetStats;
import org.recprompt.dataset.UserAttributeStats;

/** The statistics as aligned text for a terminal. */
final class StatsText {

    /** More distinct rating values than this are summarised rather than listed. */
    static final int RATING_VALUES_LISTED = 25;

    private StatsText() {
    }

    static String format(DatasetStats s) {
        StringBuilder b = new StringBuilder();
        line(b, "dataset", s.name() + " (" + s.format() + ")");
        line(b, "users", String.format(Locale.ROOT, "%,d", s.users()));
        line(b, "items", String.format(Locale.ROOT, "%,d (%,d without interactions)", s.items(), s.itemsWithoutInteractions()));
        line(b, "interactions", String.format(Locale.ROOT, "%,d", s.interactions()));
        line(b, "density", String.format(Locale.ROOT, "%.6f  (interactions / (users x items))", s.density()));
        line(b, "sparsity", String.format(Locale.ROOT, "%.6f  (1 - density)", s.sparsity()));
        line(b, "per user", summary(s.perUser()));
        line(b, "per item", summary(s.perItem()));
        line(b, "cold users", String.format(Locale.ROOT, "%,d (%.1f%%) with <= %d interactions", s.coldUsers(),
                s.users() == 0 ? 0 : 100.0 * s.coldUsers() / s.users(), DatasetStats.COLD_USER_MAX));
        line(b, "long tail", String.format(Locale.ROOT, "%,d head items (%.2f%% of items) hold 80%% of interactions",
                s.headItems(), 100 * s.headItemsShare()));
        line(b, "popularity Gini", String.format(Locale.ROOT, "%.4f", s.itemPopularityGini()));
        if (!s.hasTimestamps()) {
            line(b, "timestamps", "none (every interaction at the same time, or no time column): a time-ordered split is refused");
        } else if (s.firstTimestamp() != 0) {
            line(b, "time span", s.first().toString().substring(0, 10) + " to " + s.last().toString().substring(0, 10));
        }
        line(b, "duplicates", s.duplicates().describe());
        if (s.ratings().size() > RATING_VALUES_LISTED) {
            // Counts rather than scores (Last.fm listening counts): thousands of values; --json lists them all.
            java.util.TreeMap<Float, Long> values = new java.util.TreeMap<>(s.ratings());
            line(b, "ratings", String.format(Locale.ROOT, "%,d distinct values from %s to %s (all in --json)", values.size(),
                    rating(values.firstKey()), rating(values.lastKey())));
        } else if (!s.ratings().isEmpty()) {
            StringBuilder r = new StringBuilder();
            s.ratings().forEach((value, n) -> r.append(rating(value)).append(": ").append(String.format(Locale.ROOT, "%,d", n)).append("  "));
            line(b, "ratings", r.toString().strip());
        }
        if (!s.genreInteractions().isEmpty()) {
            StringBuilder g = new StringBuilder();
            s.genreInteractions().entrySet().stream()
                    .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                    .forEach(e -> g.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%,d", e.getValue())).append(", "));
            line(b, "genres", g.substring(0, g.length() - 2));
        }
        if (!s.userAttributes().isEmpty()) {
            b.append(String.format(Locale.ROOT, "user attributes%n"));
            for (UserAttributeStats a : s.userAttributes()) {
                line(b, "  " + a.name(), userAttribute(a));
            }
        }
        return b.toString();
    }

    /** "943 users (0 without), 2 values: M 670, F 273"; numbers: min/median/max; ages: bands. */
    static String userAttribute(UserAttributeStats a) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%,d users have it (%,d without), %,d values",
                a.withValue(), a.withoutValue(), a.distinct()));
        if (a.numeric() != null) {
            t.append(String.format(Locale.ROOT, "; min %s, median %s, max %s", number(a.numeric().min()),
                    number(a.numeric().median()), number(a.numeric().max())));
        }
        if (a.bands() != null) {
            t.append("; bands: ");
            a.bands().forEach((band, n) -> t.append(band).append(' ').append(String.format(Locale.ROOT, "%,d", n)).append(", "));
            t.setLength(t.length() - 2);
        } else if (a.withValue() > 0) {
            t.append(a.otherValues() > 0 ? "; top " + a.top().size() + ": " : ": ");
            a.top().forEach(c -> t.append(listed(c.value())).append(' ').append(String.format(Locale.ROOT, "%,d", c.users())).append(", "));
            t.setLength(t.length() - 2);
            if (a.otherValues() > 0) {
                t.append(String.format(Locale.ROOT, ", others (%,d values) %,d", a.otherValues(), a.otherUsers()));
            }
        }
        return t.toString();
    }

    /** A value as listed among others: quoted when it holds a comma ("kraków, n/a, poland"). */
    static String listed(String value) {
        return value.indexOf(',') >= 0 ? '"' + value + '"' : value;
    }

    private static String number(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** The domain, the descriptor whose facts travel with the data, and the publisher's notes. */
    static String described(org.recprompt.dataset.Dataset d, org.recprompt.dataset.DatasetDescriptors.Match described) {
        StringBuilder b = new StringBuilder();
        var domain = d.domain();
        line(b, "domain", domain.noun() + " (" + domain.plural() + ", " + domain.verb() + ")");
        line(b, "descriptor", described == null ? "none fits (no publisher facts attached)"
                : described.descriptor().name() + " (" + described.how() + ")");
        if (d.notes().isEmpty()) {
            line(b, "notes", "none");
        } else {
            for (int k = 0; k < d.notes().size(); k++) {
                line(b, k == 0 ? "notes" : "", "- " + d.notes().get(k));
            }
        }
        return b.toString();
    }

    static String rating(float r) {
        return r == Math.rint(r) ? String.valueOf((int) r) : String.valueOf(r);
    }

    private static String summary(DatasetStats.Summary s) {
        return String.format(Locale.ROOT, "min %d, median %s, mean %.2f, max %,d", s.min(),
                s.median() == Math.rint(s.median()) ? String.valueOf((long) s.median()) : String.valueOf(s.median()),
                s.mean(), s.max());
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-16s %s%n", label, value));
    }
}
