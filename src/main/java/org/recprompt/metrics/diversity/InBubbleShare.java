package org.recprompt.metrics.diversity;

import java.util.Arrays;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * In-bubble share (METRICS.md "Filter bubble"; after Nguyen et al. 2014, Exploring the filter
 * bubble): the fraction of L_u whose genres all lie in the user's top-3 history genres. The top 3
 * are the genres of highest mass p(g|u) ({@link Genres#distribution}), ties by genre id ascending,
 * genres of zero mass excluded (so fewer than 3 when the history has fewer). An item without genres
 * counts as outside the bubble. Undefined (NaN) for an empty list or a history without genres. The
 * list is taken as given (cut to K beforehand).
 */
public record InBubbleShare(Genres genres, int top) implements ListMetric {

    public InBubbleShare(Genres genres) {
        this(genres, 3);
    }

    @Override
    public double evaluate(UserRecs recs) {
        int n = recs.list().size();
        double[] p = genres.distribution(recs.history());
        boolean[] bubble = topGenres(p, top);
        if (n == 0 || Arrays.stream(p).allMatch(x -> x == 0)) {
            return Double.NaN;
        }
        int inside = 0;
        for (int r = 1; r <= n; r++) {
            int[] g = genres.of(recs.list().itemAt(r));
            boolean all = g.length > 0;
            for (int x : g) {
                all &= bubble[x];
            }
            if (all) {
                inside++;
            }
        }
        return inside / (double) n;
    }

    static boolean[] topGenres(double[] p, int top) {
        boolean[] in = new boolean[p.length];
        for (int t = 0; t < top; t++) {
            int best = -1;
            for (int g = 0; g < p.length; g++) {
                if (!in[g] && p[g] > 0 && (best < 0 || p[g] > p[best])) {
                    best = g;
                }
            }
            if (best < 0) {
                break;
            }
            in[best] = true;
        }
        return in;
    }
}
