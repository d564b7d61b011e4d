package org.recprompt.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The privacy and fairness studies of a run as plain tables (text cells), the same in every report
 * format and in the workbench: information sent per variant, egress per backend and endpoint, the
 * servers of inference fleets,
 * FaiRLLM probe similarities, SNSR/SNSV per attribute, group accuracy gaps. A table is present only
 * when the run has its data.
 */
public final class StudyTables {

    /** One table: an id, a title, a note on how to read it, a header and rows of text. */
    public record Table(String id, String title, String note, List<String> header, List<List<String>> rows) {
    }

    private StudyTables() {
    }

    public static List<Table> of(RunFolder run) {
        Studies s = run.studies();
        List<Table> out = new ArrayList<>();
        if (!s.privacy().isEmpty() && (s.privacyVaries() || s.privacy().stream().anyMatch(p -> !p.transform().equals("none")))) {
            String acc = "ndcg@" + run.maxK();
            List<List<String>> rows = new ArrayList<>();
            for (Studies.Privacy p : s.privacy()) {
                RunFolder.Variant v = run.variant(p.variant());
                RunFolder.Estimate e = v == null ? null : v.metrics().get(acc);
                rows.add(List.of(p.variant(), p.transform(), num(p.realHistoryItems(), 2), num(p.promptBytes(), 0),
                        e == null ? "-" : num(e.mean(), 4)));
            }
            out.add(new Table("privacy", "Information sent", "Per prompt-based variant: its privacy transform, the mean"
                    + " number of the user's real history titles a prompt showed (0 with genres only; replaced items do not"
                    + " count), the mean prompt size, and its accuracy.", List.of("variant", "transform", "real history titles",
                            "prompt bytes", acc), rows));
        }
        if (!s.egress().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Studies.Egress e : s.egress()) {
                rows.add(List.of(e.backend(), e.provider(), e.endpoint(), e.remote() ? "remote" : "this machine",
                        String.valueOf(e.requests()), String.valueOf(e.bytes()), String.valueOf(e.users())));
            }
            out.add(new Table("egress", "What left the process", "Every HTTP request the run's LLM backends sent (retries"
                    + " included, cached answers sent nothing), from egress.jsonl; users: distinct users whose data the"
                    + " requests carried.", List.of("backend", "provider", "endpoint", "where", "requests", "bytes sent", "users"),
                    rows));
        }
        List<RunFolder.FleetEndpoint> fleet = run.fleetEndpoints();
        if (!fleet.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (RunFolder.FleetEndpoint e : fleet) {
                rows.add(List.of(e.backend(), e.endpoint(), String.valueOf(e.answered()), String.valueOf(e.errors()),
                        count(e.setAside()), count(e.faults()), count(e.probes()), count(e.recoveries())));
            }
            out.add(new Table("fleet", "Inference fleets", "Per server of a backend with several base URLs: calls it answered"
                    + " and ERRORs last tried there (from the run's responses), then, since the run last started, the times it"
                    + " was set aside, faults (requests that failed there and were sent to another server), probes after a"
                    + " cool-down and recoveries; - where the run did not record them.",
                    List.of("backend", "server", "answered", "errors", "set aside", "faults", "probes", "recoveries"), rows));
        }
        Studies.Probes probes = s.probes();
        if (probes != null && !probes.values().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Studies.ProbeValue v : probes.values()) {
                rows.add(List.of(v.group(), v.attribute(), v.value(), num(v.jaccard(), 3), num(v.serp(), 3), num(v.prag(), 3),
                        String.valueOf(v.pairs())));
            }
            out.add(new Table("fairness-values", "Fairness probes: similarity to neutral (K = " + probes.k() + ")",
                    "Mean over users of each sensitive value's list against the same user's neutral list; 1 = identical. "
                            + probes.normalisation() + ".",
                    List.of("group", "attribute", "value", "Jaccard", "SERP*", "PRAG*", "pairs"), rows));
            List<List<String>> attrs = new ArrayList<>();
            for (Studies.ProbeAttribute a : probes.attributes()) {
                attrs.add(List.of(a.group(), a.attribute(), String.valueOf(a.values()), num(a.snsr().get("jaccard"), 3),
                        num(a.snsv().get("jaccard"), 3), num(a.snsr().get("serp"), 3), num(a.snsv().get("serp"), 3),
                        num(a.snsr().get("prag"), 3), num(a.snsv().get("prag"), 3)));
            }
            out.add(new Table("fairness-attributes", "Fairness probes: unfairness per attribute", "SNSR = max - min and SNSV ="
                    + " population standard deviation of the values' similarities; 0 = every value gets the neutral list's"
                    + " similarity, larger = less fair.", List.of("group", "attribute", "values", "SNSR Jaccard",
                            "SNSV Jaccard", "SNSR SERP*", "SNSV SERP*", "SNSR PRAG*", "SNSV PRAG*"), attrs));
        }
        Studies.Gaps gaps = s.gaps();
        if (gaps != null && !gaps.rows().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Studies.Gap g : gaps.rows()) {
                StringBuilder groups = new StringBuilder();
                for (Studies.Group x : g.groups()) {
                    groups.append(groups.length() == 0 ? "" : "; ").append(x.name()).append(' ').append(num(x.mean(), 3))
                            .append(" (").append(x.n()).append(x.small() ? ", small)" : ")");
                }
                rows.add(List.of(g.variant(), g.by(), g.best(), g.worst(), num(g.gap(), 4), num(g.p(), 4), num(g.pHolm(), 4),
                        num(g.gapLargeGroups(), 4), groups.toString()));
            }
            out.add(new Table("group-gaps", "Accuracy gaps between user groups (" + gaps.metric() + ")", "Gap = best - worst"
                    + " group mean; p from a " + gaps.test() + "." + (gaps.reading().isEmpty() ? "" : " " + gaps.reading()),
                    List.of("variant", "by", "best", "worst", "gap", "p",
                            "p (Holm)", "gap without small", "groups: mean (n)"), rows));
        }
        return out;
    }

    private static String count(Long x) {
        return x == null ? "-" : String.valueOf(x);
    }

    static String num(Double x, int digits) {
        return x == null || Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", x);
    }
}
