package org.recprompt.dataset;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A dataset in a project: what it is, where its files are, where it came from, its licence. */
@Entity
@Table(name = "dataset")
public class ProjectDataset {

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
    private String format;
    /** The folder under the project's datasets folder. */
    @Column(nullable = false)
    private String folder;
    @Column(nullable = false)
    private String source;
    private String descriptor;
    @Column(name = "archive_sha256")
    private String archiveSha256;
    @Column(name = "read_options")
    private String readOptions;
    @Column(nullable = false)
    private String licence;
    @Column(name = "licence_acknowledged_at", nullable = false)
    private Instant licenceAcknowledgedAt;
    @Column(nullable = false)
    private int users;
    @Column(nullable = false)
    private int items;
    @Column(nullable = false)
    private long interactions;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ProjectDataset() {
    }

    ProjectDataset(long projectId, String name, String format, String folder, String source, String descriptor,
            String archiveSha256, String readOptions, String licence, Instant acknowledged, DatasetStats stats,
            Instant now) {
        this.projectId = projectId;
        this.name = name;
        this.nameKey = name.toLowerCase(java.util.Locale.ROOT);
        this.format = format;
        this.folder = folder;
        this.source = source;
        this.descriptor = descriptor;
        this.archiveSha256 = archiveSha256;
        this.readOptions = readOptions;
        this.licence = licence;
        this.licenceAcknowledgedAt = acknowledged;
        this.users = stats.users();
        this.items = stats.items();
        this.interactions = stats.interactions();
        this.createdAt = now;
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

    public String getFormat() {
        return format;
    }

    public String getFolder() {
        return folder;
    }

    public String getSource() {
        return source;
    }

    public String getDescriptor() {
        return descriptor;
    }

    public String getArchiveSha256() {
        return archiveSha256;
    }

    /** The generic CSV column mapping as JSON, or null. */
    public String getReadOptions() {
        return readOptions;
    }

    public String getLicence() {
        return licence;
    }

    public Instant getLicenceAcknowledgedAt() {
        return licenceAcknowledgedAt;
    }

    public int getUsers() {
        return users;
    }

    public int getItems() {
        return items;
    }

    public long getInteractions() {
        return interactions;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
