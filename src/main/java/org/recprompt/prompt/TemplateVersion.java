package org.recprompt.prompt;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One saved text of a template. */
@Entity
@Table(name = "prompt_template_version")
public class TemplateVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "template_id", nullable = false)
    private long templateId;
    @Column(nullable = false)
    private String version;
    // CLOB on H2, TEXT on PostgreSQL: a long string both accept (an @Lob String is an OID on PostgreSQL)
    @JdbcTypeCode(SqlTypes.LONG32VARCHAR)
    @Column(nullable = false)
    private String content;
    @Column(name = "saved_at", nullable = false)
    private Instant savedAt;

    protected TemplateVersion() {
    }

    TemplateVersion(long templateId, String version, String content, Instant savedAt) {
        this.templateId = templateId;
        this.version = version;
        this.content = content;
        this.savedAt = savedAt;
    }

    public String getVersion() {
        return version;
    }

    public String getContent() {
        return content;
    }

    public Instant getSavedAt() {
        return savedAt;
    }

    public long getTemplateId() {
        return templateId;
    }
}
