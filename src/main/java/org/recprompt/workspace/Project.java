package org.recprompt.workspace;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A research project: the root under which datasets, templates, backends, experiments and runs live. */
@Entity
@Table(name = "project")
public class Project {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = ProjectNames.MAX_LENGTH)
    private String name;

    @Column(name = "name_key", nullable = false, length = ProjectNames.MAX_LENGTH)
    private String nameKey;

    @Column(nullable = false, length = 2000)
    private String description = "";

    /** Local only: every backend whose endpoint is not on this machine refuses to run (migration V7). */
    @Column(name = "local_only", nullable = false)
    private boolean localOnly;

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

    protected Project() {
    }

    Project(String name, String description, Instant now) {
        rename(name, now);
        this.description = description == null ? "" : description;
        this.createdAt = now;
    }

    void rename(String newName, Instant now) {
        this.name = newName;
        this.nameKey = ProjectNames.key(newName);
        this.updatedAt = now;
    }

    void describe(String newDescription, Instant now) {
        this.description = newDescription == null ? "" : newDescription;
        this.updatedAt = now;
    }

    void localOnly(boolean on, Instant now) {
        this.localOnly = on;
        this.updatedAt = now;
    }

    public boolean isLocalOnly() {
        return localOnly;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Project other && id != null && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id == null ? 0 : id.hashCode();
    }

    @Override
    public String toString() {
        return "Project[" + id + ", " + name + "]";
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
