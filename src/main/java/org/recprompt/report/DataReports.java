package org.recprompt.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.recprompt.base.FileTrees;
import org.recprompt.base.SpreadsheetText;
import org.recprompt.report.Comparison.Cell;
import org.recprompt.report.Comparison.Pair;
import org.recprompt.report.Comparison.Row;
import org.recprompt.report.MetricDefinitions.Definition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The report as data: CSV in long form (one value per line, a {@code section} column saying what
 * the line is: run, definition, chance, aggregate, user) and JSON (the same, nested). Aggregates
 * carry the interval, the best mark and the test against the baseline; per-user values come from
 * metrics-per-user.csv and, for grounding rates, from the answers.
 */
final class DataReports {

    static final List<String> CSV_HEADER = List.of("section", "variant", "user", "metric", "value", "ci_low", "ci_high", "n", "best",
            "mean_difference", "difference_ci_low", "difference_ci_high", "p", "p_holm", "significant", "text");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DataReports() {
    }

    static void writeCsv(Report r, Path out) throws IOException {
        FileTrees.writeAtomically(out, w -> {
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.toArray(String[]::new)).get())) {
                for (Map.Entry<String, String> e : r.provenance()) {
                    csv.printRecord(line("run", null, null, e.getKey(), e.getValue()));
                }
                csv.printRecord(line("run", null, null, "comparison", r.comparison().method()));
                for (String f : r.failures()) {
                    csv.printRecord(line("failure", null, null, null, f));
                }
                for (RunFolder.Variant v : r.run().variants()) {
                    List<Object> l = line("status", v.id(), null, v.health().status(), v.health().firstError());
                    l.set(4, num(v.health().errorRate()));
                    l.set(7, v.health().calls());
                    csv.printRecord(l);
                }
                protocol(csv, r);
                StudyTables.Table costs = CostTable.of(r.run());
                for (List<String> row : costs.rows()) {
                    // section "cost": the variant, then each column as metric (the header's name) and text (the value)
                    List<String> header = costs.header();
                    for (int c = 1; c < row.size(); c++) {
                        csv.printRecord(line("cost", r.run().variants().stream().filter(v -> v.label().equals(row.get(0)))
                                .map(RunFolder.Variant::id).findFirst().orElse(row.get(0)), null, header.get(c), row.get(c)));
                    }
                }
                for (Definition d : r.definitions()) {
                    csv.printRecord(line("definition", null, null, d.name(), d.formula() + " (" + d.directionText() + ")"));
                }
                for (Row row : r.comparison().rows()) {
                    if (!Double.isNaN(row.chance())) {
                        List<Object> l = line("chance", null, null, row.metric().name(), null);
                        l.set(4, num(row.chance()));
                        csv.printRecord(l);
                    }
                    for (Cell cell : row.cells()) {
                        List<Object> l = aggregate(row, cell);
                        VariantStatus st = r.comparison().status(cell.variant());
                        if (st != null && st.troubled()) {
                            l.set(15, st.status());
                        }
                        csv.printRecord(l);
                    }
                }
                for (Sparsity.Line line : r.sparsity().lines()) {
                    for (Map.Entry<String, RunFolder.Estimate> e : line.group().byVariant().entrySet()) {
                        List<Object> l = line("sparsity", e.getKey(), null, r.sparsity().metric(),
                                line.dimension() + ": " + line.group().bucket());
                        l.set(4, num(e.getValue().mean()));
                        l.set(5, num(e.getValue().low()));
                        l.set(6, num(e.getValue().high()));
                        l.set(7, e.getValue().n());
                        csv.printRecord(l);
                    }
                }
                groupGaps(csv, r.run().studies().gaps());
                Report.Reranked x = r.reranked();
                if (x != null) {
                    String at = "beta " + x.beta() + ", lambda " + x.lambda();
                    if (x.reason() != null) {
                        csv.printRecord(line("reranked", null, null, null, at + ": not re-ranked, " + x.reason()));
                    }
                    for (Report.Change c : x.changes()) {
                        List<Object> l = line("reranked", c.variant(), null, c.metric(), at);
                        l.set(4, num(c.reranked()));
                        l.set(9, num(c.delta()));
                        csv.printRecord(l);
                    }
                }
                for (String metric : perUserMetrics(r)) {
                    for (String v : r.run().variantIds()) {
                        for (Map.Entry<String, Double> e : r.run().perUser(v, metric).entrySet()) {
                            List<Object> l = line("user", v, e.getKey(), metric, null);
                            l.set(4, num(e.getValue()));
                            csv.printRecord(l);
                        }
                    }
                }
                for (RunFolder.Template t : r.run().templates()) {
                    csv.printRecord(line("template", null, null, t.name() + " " + t.version(), t.text() == null ? t.note() : t.text()));
                }
            }
        });
    }

    private static List<Object> aggregate(Row row, Cell cell) {
        List<Object> l = line("aggregate", cell.variant(), null, row.metric().name(), null);
        l.set(4, num(cell.estimate().mean()));
        l.set(5, num(cell.estimate().low()));
        l.set(6, num(cell.estimate().high()));
        l.set(7, cell.estimate().n() == 0 ? "" : cell.estimate().n());
        l.set(8, cell.best());
        Pair p = cell.test();
        if (p != null) {
            l.set(9, num(p.meanDifference()));
            l.set(10, num(p.ciLow()));
            l.set(11, num(p.ciHigh()));
            l.set(12, num(p.p()));
            l.set(13, num(p.pHolm()));
            l.set(14, p.significant());
        }
        return l;
    }

    /** Rows "group" (each group's mean and n; text: grouping, group, small) and "group_gap" (gap, p, Holm p; text: best vs worst). */
    private static void groupGaps(CSVPrinter csv, Studies.Gaps gaps) throws IOException {
        if (gaps == null) {
            return;
        }
        for (Studies.Gap g : gaps.rows()) {
            for (Studies.Group x : g.groups()) {
                List<Object> l = line("group", g.variant(), null, gaps.metric(), g.by() + ": " + x.name() + (x.small() ? " (small)" : ""));
                l.set(4, num(x.mean()));
                l.set(7, x.n());
                csv.printRecord(l);
            }
            List<Object> l = line("group_gap", g.variant(), null, gaps.metric(), g.by() + ": " + g.best() + " - " + g.worst());
            l.set(4, num(g.gap()));
            l.set(12, num(g.p()));
            l.set(13, num(g.pHolm()));
            csv.printRecord(l);
            if (!Double.isNaN(g.gapLargeGroups())) {
                List<Object> large = line("group_gap", g.variant(), null, gaps.metric(), g.by() + ": groups that are not small");
                large.set(4, num(g.gapLargeGroups()));
                csv.printRecord(large);
            }
        }
        for (String note : gaps.notes()) {
            csv.printRecord(line("group_gap", null, null, gaps.metric(), note));
        }
    }

    /**
     * The table under the run's evaluation convention: a "protocol" line stating the convention, then
     * per variant each metric (mean over repeats; a failed variant's value empty, text "failed"; a mean
 * over fewer repeats than the variant's, text "2 of 3 repeats") and
     * each count (its text: the value, or min-max over repeats).
     */
    private static void protocol(CSVPrinter csv, Report r) throws IOException {
        ProtocolTable p = r.run().protocol().orElse(null);
        if (p == null) {
            return;
        }
        csv.printRecord(line("protocol", null, null, p.protocol(), p.convention()));
        for (String v : p.variants()) {
            boolean failed = p.failed().getOrDefault(v, false);
            for (var e : p.means().get(v).entrySet()) {
                List<Object> l = line("protocol", v, null, e.getKey(), failed ? "failed" : p.coverage(v, e.getKey()).orElse(null));
                l.set(4, failed ? null : num(e.getValue()));
                csv.printRecord(l);
            }
            for (var e : p.counts().get(v).entrySet()) {
                csv.printRecord(line("protocol_count", v, null, e.getKey(), e.getValue()));
            }
        }
    }

    private static List<Object> line(String section, String variant, String user, String metric, String text) {
        List<Object> l = new ArrayList<>(Arrays.asList(new Object[CSV_HEADER.size()]));
        l.set(0, section);
        l.set(1, safe(variant));
        l.set(2, safe(user));
        l.set(3, safe(metric));
        l.set(15, safe(text));
        return l;
    }

    /**
     * Keeps spreadsheets from reading a text cell as a formula ({@link SpreadsheetText}): a leading
     * =, +, -, @, tab or CR gets a quote unless the cell is a plain number. Numeric columns are
     * written as numbers and are not touched.
     */
    static String safe(String s) {
        return SpreadsheetText.cell(s);
    }

    private static Object num(double x) {
        return Double.isNaN(x) ? "" : x;
    }

    /** The metrics with per-user values, in table order. */
    private static List<String> perUserMetrics(Report r) {
        List<String> out = new ArrayList<>();
        for (Row row : r.comparison().rows()) {
            String m = row.metric().name();
            if (r.run().variantIds().stream().anyMatch(v -> !r.run().perUser(v, m).isEmpty())) {
                out.add(m);
            }
        }
        return out;
    }

    static void writeJson(Report r, Path out) throws IOException {
        FileTrees.writeAtomically(out, JSON.writeValueAsString(json(r)) + "\n");
    }

    static Map<String, Object> json(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("format", 1);
        report.put("app_version", Report.reportVersion());
        m.put("report", report);
        m.put("run", run(r));
        m.put("failures", r.failures());
        Map<String, Object> statuses = new LinkedHashMap<>();
        for (RunFolder.Variant v : r.run().variants()) {
            VariantStatus h = v.health();
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("status", h.status());
            sm.put("calls", h.calls());
            sm.put("errors", h.errors());
            sm.put("error_rate", h.errorRate());
            sm.put("errors_by_kind", h.errorsByKind());
            sm.put("first_error", h.firstError());
            sm.put("answered_users", h.answeredUsers() < 0 ? null : h.answeredUsers());
            statuses.put(v.id(), sm);
        }
        m.put("run_status", r.run().status());
        m.put("variant_status", statuses);
        m.put("comparison", comparison(r.comparison()));
        Map<String, Object> perUser = new LinkedHashMap<>();
        for (String v : r.run().variantIds()) {
            Map<String, Map<String, Object>> users = new LinkedHashMap<>();
            for (String metric : perUserMetrics(r)) {
                r.run().perUser(v, metric).forEach((u, x) -> users.computeIfAbsent(u, k -> new LinkedHashMap<>()).put(metric, nan(x)));
            }
            perUser.put(v, users);
        }
        m.put("per_user", perUser);
        m.put("sparsity", sparsity(r.sparsity()));
        if (r.reranked() != null) {
            Report.Reranked x = r.reranked();
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("beta", x.beta());
            rm.put("lambda", x.lambda());
            rm.put("reason", x.reason());
            rm.put("changes", x.changes().stream().map(c -> {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("variant", c.variant());
                cm.put("metric", c.metric());
                cm.put("run", nan(c.run()));
                cm.put("reranked", nan(c.reranked()));
                cm.put("change", nan(c.delta()));
                return cm;
            }).toList());
            m.put("reranked", rm);
        }
        if (r.hasFigures()) {
            m.put("figures", r.figures().stream().map(f -> Map.of("id", f.id(), "title", f.title(), "caption", f.caption())).toList());
            m.put("skipped_figures", r.skippedFigures().stream().map(s -> Map.of("id", s.id(), "title", s.title(), "reason", s.reason()))
                    .toList());
        }
        SensitivityStudy s = r.sensitivity();
        if (s != null && !s.isEmpty()) {
            m.put("sensitivity", sensitivity(s));
        }
        List<Map<String, Object>> studies = new ArrayList<>();
        for (StudyTables.Table t : StudyTables.of(r.run())) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("id", t.id());
            tm.put("title", t.title());
            tm.put("header", t.header());
            tm.put("rows", t.rows());
            studies.add(tm);
        }
        m.put("studies", studies);
        r.run().protocol().ifPresent(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("protocol", p.protocol());
            pm.put("convention", p.convention());
            pm.put("relevance", p.relevance());
            pm.put("repeats", p.repeats());
            Map<String, Object> vs = new LinkedHashMap<>();
            for (String v : p.variants()) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("failed", p.failed().getOrDefault(v, false));
                Map<String, Object> metrics = new LinkedHashMap<>();
                p.means().get(v).forEach((k, x) -> metrics.put(k, Double.isNaN(x) || p.failed().getOrDefault(v, false) ? null : x));
                vm.put("metrics", metrics);
                vm.put("repeats", p.variantRepeats().get(v));
                vm.put("repeats_defined", p.defined().get(v));
                vm.put("counts", p.counts().get(v));
                vm.put("relevant_from_answer_file", p.relevantFromAnswers().get(v));
                vs.put(v, vm);
            }
            pm.put("variants", vs);
            m.put("protocol", pm);
        });
        m.put("notes", r.notes());
        return m;
    }

    private static Map<String, Object> sparsity(Sparsity s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", s.metric());
        m.put("activity", groups(s.activity()));
        m.put("activity_reason", s.activityReason());
        m.put("popularity", groups(s.popularity()));
        m.put("popularity_reason", s.popularityReason());
        return m;
    }

    private static List<Map<String, Object>> groups(List<Sparsity.Group> groups) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Sparsity.Group g : groups) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("bucket", g.bucket());
            gm.put("users", g.users());
            Map<String, Object> values = new LinkedHashMap<>();
            g.byVariant().forEach((v, e) -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("mean", nan(e.mean()));
                x.put("ci", e.hasInterval() ? List.of(e.low(), e.high()) : null);
                x.put("n", e.n());
                values.put(v, x);
            });
            gm.put("values", values);
            out.add(gm);
        }
        return out;
    }

    /** The sensitivity studies as data: order groups and paraphrase groups with every number. */
    static Map<String, Object> sensitivity(SensitivityStudy s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", s.k());
        m.put("orders", s.orders().stream().map(g -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("group", g.label());
            o.put("variants", g.variants());
            o.put("candidates", g.candidates());
            o.put("answers", g.answers());
            o.put("kendall_tau", estimate(g.tau()));
            o.put("chance", nan(g.chance()));
            List<Object> selection = new ArrayList<>();
            List<Object> hitRate = new ArrayList<>();
            for (int p = 1; p <= g.candidates(); p++) {
                selection.add(nan(g.selection()[p - 1]));
                Map<String, Object> at = new LinkedHashMap<>();
                at.put("position", p);
                at.put("hits", g.hitRate().hits()[p - 1]);
                at.put("answers", g.hitRate().totals()[p - 1]);
                hitRate.add(at);
            }
            o.put("first_slot_selection_by_position", selection);
            o.put("hit_rate_by_position", hitRate);
            return o;
        }).toList());
        m.put("paraphrases", s.paraphrases().stream().map(p -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("group", p.label());
            o.put("family", p.family());
            o.put("variants", p.variants());
            o.put("jaccard", estimate(p.jaccard()));
            Map<String, Object> spreads = new LinkedHashMap<>();
            for (SensitivityStudy.MetricSpread x : p.spreads()) {
                Map<String, Object> sp = new LinkedHashMap<>();
                sp.put("mean", nan(x.spread().mean()));
                sp.put("min", nan(x.spread().min()));
                sp.put("max", nan(x.spread().max()));
                sp.put("range", nan(x.spread().range()));
                sp.put("sd", nan(x.spread().std()));
                spreads.put(x.metric(), sp);
            }
            o.put("spread", spreads);
            return o;
        }).toList());
        return m;
    }

    private static Map<String, Object> estimate(RunFolder.Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", nan(e.mean()));
        m.put("ci", e.hasInterval() ? List.of(e.low(), e.high()) : null);
        m.put("n", e.n());
        return m;
    }

    private static Map<String, Object> run(Report r) {
        RunFolder run = r.run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", run.experiment());
        m.put("folder", run.dir().toString());
        m.put("app_version", run.appVersion());
        m.put("started", run.started());
        m.put("finished", run.finished());
        m.put("fingerprint", run.fingerprint());
        m.put("dataset", run.dataset());
        m.put("split", run.split());
        m.put("users", run.users());
        m.put("candidates", run.candidates());
        m.put("k", run.k());
        m.put("repeats", run.repeats());
        m.put("seeds", run.seeds());
        m.put("templates", run.templates().stream().map(t -> {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("name", t.name());
            tm.put("path", t.path());
            tm.put("version", t.version());
            tm.put("note", t.note());
            tm.put("text", t.text());
            return tm;
        }).toList());
        m.put("backends", run.backends());
        m.put("metric_notation", MetricDefinitions.notation());
        return m;
    }

    private static Map<String, Object> comparison(Comparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baseline", c.baseline());
        if (c.baselineNote() != null) {
            m.put("baseline_note", c.baselineNote());
        }
        m.put("test", c.test().label());
        m.put("alpha", c.alpha());
        m.put("tests", c.tests());
        m.put("method", c.method());
        m.put("variants", c.variants());
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Row row : c.rows()) {
            Definition d = row.metric();
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("name", d.name());
            mm.put("label", d.label());
            mm.put("family", d.family().label());
            mm.put("direction", d.direction().name().toLowerCase(java.util.Locale.ROOT));
            mm.put("formula", d.formula());
            mm.put("chance", nan(row.chance()));
            mm.put("values", row.cells().stream().map(x -> {
                Map<String, Object> cm = cell(x);
                VariantStatus st = c.status(x.variant());
                if (st != null && st.troubled()) {
                    cm.put("status", st.status());
                }
                return cm;
            }).toList());
            metrics.add(mm);
        }
        m.put("metrics", metrics);
        return m;
    }

    private static Map<String, Object> cell(Cell cell) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variant", cell.variant());
        m.put("mean", nan(cell.estimate().mean()));
        m.put("ci", cell.estimate().hasInterval() ? List.of(cell.estimate().low(), cell.estimate().high()) : null);
        m.put("n", cell.estimate().n());
        m.put("best", cell.best());
        Pair p = cell.test();
        if (p != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("n", p.n());
            t.put("mean_difference", nan(p.meanDifference()));
            t.put("ci", Double.isNaN(p.ciLow()) ? null : List.of(p.ciLow(), p.ciHigh()));
            t.put("p", nan(p.p()));
            t.put("p_holm", nan(p.pHolm()));
            t.put("significant", p.significant());
            t.put("effect_size", nan(p.effectSize()));
            m.put("vs_baseline", t);
        }
        return m;
    }

    private static Double nan(double x) {
        return Double.isNaN(x) ? null : x;
    }
}
