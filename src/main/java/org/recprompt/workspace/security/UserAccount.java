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

/** One login: a name, a password hash (never the password) and a role. Table user_account (V8). */
@Entity
@Table(name = "user_account")
public class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 200)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Role role;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "password_set_at", nullable = false)
    private Instant passwordSetAt;

    protected UserAccount() {
    }

    UserAccount(String username, String passwordHash, Role role, Instant now) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = now;
        this.passwordSetAt = now;
    }

    public String getUsername() {
        return username;
    }

    public Role getRole() {
        return role;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getPasswordSetAt() {
        return passwordSetAt;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    void setPassword(String hash, Instant now) {
        this.passwordHash = hash;
        this.passwordSetAt = now;
    }

    void setRole(Role role) {
        this.role = role;
    }
}
