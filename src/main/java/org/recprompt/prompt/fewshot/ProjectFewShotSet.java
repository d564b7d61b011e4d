package org.recprompt.prompt.fewshot;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A few-shot set kept in a project, as YAML. */
@Entity
@Table(name = "few_shot_set")
public class ProjectFewShotSet {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "project_id", nullable = false)
    private long projectId;
    @Column(nullable = false)
    private String name;
    @Column(name = "name_key", nullable = false)
    private String nameKey;
    @Column(nullable = false)
    private String strategy;
    @Column(nullable = false)
    private long seed;
    // CLOB on H2, TEXT on PostgreSQL: a long string both accept (an @Lob String is an OID on PostgreSQL)
    @JdbcTypeCode(SqlTypes.LONG32VARCHAR)
    @Column(nullable = false)
    private String content;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Counts the saves (JPA's optimistic lock, V9): an editor that read an older count is refused on save. */
    @jakarta.persistence.Version
    @Column(name = "row_version", nullable = false)
    private long rowVersion;

    /** The account that saved it last (V9); "" without a login. */
    @Column(name = "saved_by", nullable = false, length = 64)
    private String savedBy = "";

    protected ProjectFewShotSet() {
    }

    ProjectFewShotSet(long projectId, FewShotSet set, Instant now) {
        this.projectId = projectId;
        this.createdAt = now;
        update(set, now);
    }

    void update(FewShotSet set, Instant now) {
        this.name = set.name();
        this.nameKey = set.name().toLowerCase(Locale.ROOT);
        this.strategy = set.strategy() == null ? "manual" : set.strategy();
        this.seed = set.seed();
        this.content = FewShotSets.toYaml(set);
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public long getProjectId() {
        return projectId;
    }

    public String getName() {
        return name;
    }

    public String getStrategy() {
        return strategy;
    }

    public long getSeed() {
        return seed;
    }

    public String getContent() {
        return content;
    }

    public FewShotSet set() {
        return FewShotSets.fromYaml(content, name);
    }

    /** How many times it was saved (the version check on save). */
    public long getRowVersion() {
        return rowVersion;
    }

    /** Who saved it last; "" when not known (no login). */
    public String getSavedBy() {
        return savedBy == null ? "" : savedBy;
    }

    void savedBy(String account) {
        this.savedBy = account == null ? "" : account;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
