package org.recprompt.metrics.popularity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.metrics.UserRecs;

/**
 * GAP and ΔGAP by user group (Abdollahpouri et al. 2019, The unfairness of popularity bias in
 * recommendation). Users are sorted by the share of head items in their training profile,
 * descending (ties by user index); the first round(20%) are BLOCKBUSTER, the last round(20%) NICHE,
 * the rest DIVERSE. GAP_rec(g) = mean over users in g of the mean pop(i)/|U_train| over L_u;
 * GAP_profile(g) the same over the profile (history, repeats counted as they occur);
 * ΔGAP(g) = (GAP_rec - GAP_profile) / GAP_profile, popularity lift = 100 ΔGAP. Users with an empty
 * list are left out of GAP_rec, users with an empty history out of both (they cannot be grouped).
 * A group with no users, or a GAP_profile of 0, gives NaN.
 */
public record GroupPopularity(Popularity popularity, LongTail longTail) {

    public enum Group { BLOCKBUSTER, DIVERSE, NICHE }

    /** One group's values. */
    public record Result(int users, double gapRecommended, double gapProfile) {
        public double deltaGap() {
            return gapProfile == 0 ? Double.NaN : (gapRecommended - gapProfile) / gapProfile;
        }

        public double liftPercent() {
            return 100 * deltaGap();
        }
    }

    /** Each user's group, for the users with a non-empty history. */
    public Map<Integer, Group> groups(List<UserRecs> all) {
        List<UserRecs> users = new ArrayList<>();
        for (UserRecs u : all) {
            if (u.history().length > 0) {
                users.add(u);
            }
        }
        users.sort(Comparator.comparingDouble((UserRecs u) -> -headShare(u.history())).thenComparingInt(UserRecs::user));
        int n = users.size();
        int edge = (int) Math.round(0.2 * n);
        Map<Integer, Group> out = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            Group g = k < edge ? Group.BLOCKBUSTER : k >= n - edge ? Group.NICHE : Group.DIVERSE;
            out.put(users.get(k).user(), g);
        }
        return out;
    }

    public Map<Group, Result> evaluate(List<UserRecs> all) {
        Map<Integer, Group> groups = groups(all);
        Map<Group, Result> out = new LinkedHashMap<>();
        for (Group g : Group.values()) {
            double rec = 0;
            int nRec = 0;
            double prof = 0;
            int nProf = 0;
            for (UserRecs u : all) {
                if (groups.get(u.user()) != g) {
                    continue;
                }
                prof += meanShare(u.history());
                nProf++;
                if (!u.list().isEmpty()) {
                    rec += meanShare(u.list().items());
                    nRec++;
                }
            }
            out.put(g, new Result(nProf, nRec == 0 ? Double.NaN : rec / nRec, nProf == 0 ? Double.NaN : prof / nProf));
        }
        return out;
    }

    double headShare(int[] items) {
        int head = 0;
        for (int i : items) {
            if (longTail.isHead(i)) {
                head++;
            }
        }
        return head / (double) items.length;
    }

    private double meanShare(int[] items) {
        double sum = 0;
        for (int i : items) {
            sum += popularity.share(i);
        }
        return sum / items.length;
    }
}
