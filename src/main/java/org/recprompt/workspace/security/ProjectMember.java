package org.recprompt.workspace.security;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One account's role in one project. Table project_member (V9). */
@Entity
@Table(name = "project_member")
public class ProjectMember {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "project_id", nullable = false)
    private long projectId;

    @Column(nullable = false, length = 64)
    private String username;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private ProjectRole role;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    protected ProjectMember() {
    }

    ProjectMember(long projectId, String username, ProjectRole role, Instant now) {
        this.projectId = projectId;
        this.username = username;
        this.role = role;
        this.addedAt = now;
    }

    public long getProjectId() {
        return projectId;
    }

    public String getUsername() {
        return username;
    }

    public ProjectRole getRole() {
        return role;
    }

    public Instant getAddedAt() {
        return addedAt;
    }

    void setRole(ProjectRole role) {
        this.role = role;
    }
}
