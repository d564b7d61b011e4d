package org.recprompt.backend;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The workspace's egress log (table egress_log, migration V7): every request a run or a connection
 * test sent to a language-model server, local or remote, with what {@link EgressEvent} holds. An
 * audit trail: rows keep their project's and run's names and outlive both. {@link #csv} is the
 * export the workbench and {@code recprompt egress} write.
 */
@Service
public class EgressLog implements EgressSink {

    static final String COLUMNS = "sent_at, project, run, variant, backend, provider, model, endpoint, bytes_sent, remote,"
            + " users, status";

    private final JdbcTemplate jdbc;

    public EgressLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = "INSERT INTO egress_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Override
    public void record(EgressEvent e) {
        jdbc.update(INSERT, row(e));
    }

    /** One batch insert for many events (a run's writer hands them over in groups). */
    @Override
    public void recordAll(List<EgressEvent> events) {
        if (!events.isEmpty()) {
            jdbc.batchUpdate(INSERT, events.stream().map(EgressLog::row).toList());
        }
    }

    private static Object[] row(EgressEvent e) {
        return new Object[] {Timestamp.from(e.time()), cut(e.project(), 80), cut(e.run(), 500), cut(e.variant(), 500),
            cut(e.backend(), 200), cut(e.provider(), 40), e.model() == null ? null : cut(e.model(), 300), cut(e.endpoint(), 1000),
            e.bytesSent(), e.remote(), String.join(",", e.users()), e.status()};
    }

    /**
     * The events, newest first: of one project (null: all, including runs outside any project),
     * only remote ones when asked, at most {@code limit} (0: all).
     */
    public List<EgressEvent> list(String project, boolean remoteOnly, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM egress_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (project != null) {
            sql.append(" AND project = ?");
            args.add(project);
        }
        if (remoteOnly) {
            sql.append(" AND remote");
        }
        sql.append(" ORDER BY sent_at DESC, id DESC");
        if (limit > 0) {
            sql.append(" LIMIT ").append(limit);
        }
        return jdbc.query(sql.toString(), (rs, n) -> new EgressEvent(rs.getTimestamp(1).toInstant(), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getLong(9), rs.getBoolean(10), users(rs.getString(11)), rs.getInt(12)), args.toArray());
    }

    @Override
    public List<EgressEvent> recorded(String project, String run) {
        return jdbc.query("SELECT " + COLUMNS + " FROM egress_log WHERE project = ? AND run = ?", (rs, n) -> new EgressEvent(
                rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getLong(9), rs.getBoolean(10), users(rs.getString(11)), rs.getInt(12)),
                cut(project, 80), cut(run, 500));
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM egress_log", Long.class);
        return n == null ? 0 : n;
    }

    /** The events as CSV (RFC 4180): time, project, run, variant, backend, provider, model, endpoint, bytes_sent, remote, users, status. */
    public static String csv(List<EgressEvent> events) {
        StringBuilder s = new StringBuilder("time,project,run,variant,backend,provider,model,endpoint,bytes_sent,remote,users,status\n");
        for (EgressEvent e : events) {
            s.append(e.time()).append(',').append(field(e.project())).append(',').append(field(e.run())).append(',')
                    .append(field(e.variant())).append(',').append(field(e.backend())).append(',').append(field(e.provider()))
                    .append(',').append(field(e.model())).append(',').append(field(e.endpoint())).append(',')
                    .append(e.bytesSent()).append(',').append(e.remote()).append(',')
                    .append(field(String.join(" ", e.users()))).append(',').append(e.status()).append('\n');
        }
        return s.toString();
    }

    static String field(String v) {
        if (v == null) {
            return "";
        }
        String s = org.recprompt.base.SpreadsheetText.cell(v); // a spreadsheet must not read a cell as a formula
        return s.matches(".*[,\"\\r\\n].*") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static List<String> users(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }
}
