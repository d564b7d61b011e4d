package org.recprompt.workspace;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The last save of a file through the workbench: its content's hash, who and when. Table saved_file (V9). */
@Entity
@Table(name = "saved_file")
class SavedFile {

    @Id
    @Column(length = 1000)
    private String path;

    @Column(name = "content_hash", nullable = false, length = 64)
    private String contentHash;

    @Column(name = "saved_by", nullable = false, length = 64)
    private String savedBy;

    @Column(name = "saved_at", nullable = false)
    private Instant savedAt;

    protected SavedFile() {
    }

    SavedFile(String path, String contentHash, String savedBy, Instant savedAt) {
        this.path = path;
        this.contentHash = contentHash;
        this.savedBy = savedBy;
        this.savedAt = savedAt;
    }

    String getContentHash() {
        return contentHash;
    }

    String getSavedBy() {
        return savedBy;
    }

    Instant getSavedAt() {
        return savedAt;
    }
}
