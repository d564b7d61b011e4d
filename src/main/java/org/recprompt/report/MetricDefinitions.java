package org.recprompt.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each metric a run reports means (docs: /work/shared/guide/METRICS.md): family, which
 * direction is better, and the formula as text. The one place the reports (and the UI's hover
 * text) take definitions from. Names with a cut-off are looked up by their base ("ndcg@10" ->
 * "ndcg") and the K is filled in.
 */
public final class MetricDefinitions {

    /** The chart and table group a metric belongs to. */
    public enum Family {
        ACCURACY("Accuracy"), BEYOND_ACCURACY("Beyond accuracy"), GROUNDING("Grounding"), EXPLANATION("Explanations"), OTHER("Other");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Which values are better; NEUTRAL marks no best. */
    public enum Direction {
        HIGHER, LOWER, NEUTRAL
    }

    /**
     * A metric's definition.
     *
     * @param unitScale whether values lie in [0, 1] (such metrics share one axis in charts)
     */
    public record Definition(String name, String label, Family family, Direction direction, String formula, boolean unitScale) {

        /** One line for a tooltip: label, formula and direction. */
        public String hoverText() {
            return label + ": " + (formula.isEmpty() ? "no definition recorded" : formula) + " (" + directionText() + ")";
        }

        /** "higher is better", "lower is better" or "no better direction". */
        public String directionText() {
            return switch (direction) {
                case HIGHER -> "higher is better";
                case LOWER -> "lower is better";
                case NEUTRAL -> "no better direction";
            };
        }
    }

    private static final String NOTATION = "L_u: the grounded top-K list of user u (catalog items only, in rank order, "
            + "duplicates removed); R_u: the held-out items; d(r) = 1/log2(r+1); pop(i): distinct training users of item i; "
            + "averages are over all evaluated users (an unparseable, abstained or failed answer scores 0).";

    private static final Map<String, Definition> BASE = new LinkedHashMap<>();

    static {
        acc("ndcg", "NDCG@K", "DCG/IDCG with binary gain: DCG = sum over hits at rank r <= K of d(r); IDCG = sum_{r=1..min(|R_u|,K)} d(r); d(r) = 1/log2(r+1), the discount at rank r.");
        acc("hr", "HR@K", "1 if L_u (cut to K) contains a held-out item, else 0.");
        acc("mrr", "MRR@K", "1/rank of the first hit within K, else 0.");
        acc("precision", "P@K", "|L_u ∩ R_u| / K (K even when the list is shorter).");
        acc("recall", "Recall@K", "|L_u ∩ R_u| / |R_u|.");
        beyond("arp", "ARP", Direction.LOWER, false,
                "Average recommendation popularity: mean over users of the mean pop(i) over L_u (lower: less popularity bias).");
        beyond("aplt", "APLT", Direction.HIGHER, true,
                "Average percentage of long tail: mean over users of |L_u ∩ tail| / |L_u|; the head is the smallest prefix of items "
                        + "by training interactions holding 80% of them.");
        beyond("novelty", "Novelty", Direction.HIGHER, false, "Mean over L_u of -log2(pop(i) / |U_train|), in bits.");
        beyond("ild_genre", "ILD (genre)", Direction.HIGHER, true,
                "Intra-list diversity: mean pairwise genre Jaccard distance within L_u (lists of at least 2 items).");
        beyond("calibration_kl", "Calibration KL", Direction.LOWER, false,
                "Steck (2018): sum_g p(g|u) log2(p(g|u) / q~(g|u)), q~ = 0.99 q + 0.01 p; p from the history, q from L_u.");
        beyond("coverage", "Coverage", Direction.HIGHER, true, "|union of L_u| / |I| over all lists of the variant.");
        beyond("gini", "Gini", Direction.LOWER, true,
                "Exposure concentration over all catalog items, zero counts included: G = sum_j (2j - n - 1) c_j / (N (n - 1)), "
                        + "c_j ascending (0: equal exposure, 1: one item gets all).");
        beyond("entropy", "Entropy", Direction.HIGHER, false, "Shannon entropy of the recommendation counts over the catalog, in bits.");
        grounding("hallucination_rate", "Hallucination rate", Direction.LOWER, "HALLUCINATED slots / all slots (a slot matching no catalog item).");
        grounding("compliance_rate", "Compliance rate", Direction.HIGHER, "OK responses / all responses (parsed, with the requested length).");
        grounding("out_of_candidates_rate", "Out-of-candidates rate", Direction.LOWER, "Catalog items not offered among the candidates / all slots.");
        grounding("abstention_rate", "Abstention rate", Direction.NEUTRAL, "ABSTAINED responses (\"N/A\", refusals) / all responses.");
        grounding("seen_rate", "Seen-repeat rate", Direction.LOWER, "Slots naming an item already in the user's history / all slots.");
        grounding("duplicate_rate", "Duplicate rate", Direction.LOWER, "Slots repeating an earlier slot of the same answer / all slots.");
        explanation("explanation_cited", "History items cited", Direction.HIGHER, false,
                "Distinct titles of the user's history that the explanation names (mean over the user's answers with an explanation).");
        explanation("explanation_invented_rate", "Invented history rate", Direction.LOWER, true,
                "(titles cited that the user never watched + titles in no catalog) / all titles cited as history, distinct per "
                        + "explanation; the candidates, recommended items and explained item are not history claims; answers citing none are left out.");
        explanation("explanation_length", "Explanation length", Direction.NEUTRAL, false, "Words in the explanation.");
        explanation("unique_sentence_ratio", "Unique-sentence ratio", Direction.HIGHER, true,
                "Distinct sentences / sentences of the explanation (lower case, punctuation ignored): 1 when no sentence repeats.");
    }

    private static void explanation(String name, String label, Direction d, boolean unit, String formula) {
        BASE.put(name, new Definition(name, label, Family.EXPLANATION, d, formula, unit));
    }

    private MetricDefinitions() {
    }

    private static void acc(String name, String label, String formula) {
        BASE.put(name, new Definition(name, label, Family.ACCURACY, Direction.HIGHER, formula, true));
    }

    private static void beyond(String name, String label, Direction d, boolean unit, String formula) {
        BASE.put(name, new Definition(name, label, Family.BEYOND_ACCURACY, d, formula, unit));
    }

    private static void grounding(String name, String label, Direction d, String formula) {
        BASE.put(name, new Definition(name, label, Family.GROUNDING, d, formula, true));
    }

    /** The definition of a metric as a run names it; an unknown name gets family OTHER, no direction and no formula. */
    public static Definition of(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@');
        String base = at < 0 ? lower : lower.substring(0, at);
        Definition d = BASE.get(base);
        if (d == null) {
            return new Definition(name, name, Family.OTHER, Direction.NEUTRAL, "", false);
        }
        if (at < 0) {
            return d;
        }
        String k = name.substring(at + 1);
        return new Definition(name, d.label().replace("@K", "@" + k), d.family(), d.direction(),
                d.formula().replace("K", k), d.unitScale());
    }

    /** The notation every formula uses. */
    public static String notation() {
        return NOTATION;
    }

    /** The definitions of the given metric names, in that order. */
    public static List<Definition> of(List<String> names) {
        return names.stream().map(MetricDefinitions::of).toList();
    }
}
