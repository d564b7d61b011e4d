package org.recprompt.prompt;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A prompt template in a project; its texts are kept per version in {@link TemplateVersion}. */
@Entity
@Table(name = "prompt_template")
public class ProjectTemplate {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "project_id", nullable = false)
    private long projectId;
    @Column(nullable = false)
    private String name;
    @Column(name = "name_key", nullable = false)
    private String nameKey;
    @Column(name = "current_version", nullable = false)
    private String currentVersion;
    /** "library:candidate-ranking" or "new". */
    @Column(nullable = false)
    private String origin;
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

    protected ProjectTemplate() {
    }

    ProjectTemplate(long projectId, String name, String version, String origin, Instant now) {
        this.projectId = projectId;
        this.origin = origin;
        this.createdAt = now;
        update(name, version, now);
    }

    void update(String newName, String version, Instant now) {
        this.name = newName;
        this.nameKey = newName.toLowerCase(Locale.ROOT);
        this.currentVersion = version;
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

    public String getCurrentVersion() {
        return currentVersion;
    }

    public String getOrigin() {
        return origin;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
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
}
