package org.recprompt.workspace.security;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may do what in which project (issue 23). Only when a login is required ({@link ServingMode})
 * and an account is signed in: on loopback without a login one researcher may do everything, as
 * before, and so may code that runs with nobody signed in (the start-up, the command line, a
 * background job a signed-in user's checked action started).
 *
 * <p>Rules: the creator of a project is its owner; administrators may do everything in every
 * project (they see and own the projects made before accounts, which have no members); any other
 * account sees only the projects it is a member of, with that membership's {@link ProjectRole}.
 * Every service that changes a project's contents asks {@link #require} first, so a refused action
 * is refused whichever screen or path asked for it.
 */
@Service
public class ProjectAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectAccess.class);

    private final ServingMode mode;
    private final ProjectMemberRepository members;
    private final ProjectRepository projects;
    private final UserAccountRepository accounts;
    private final Clock clock;

    ProjectAccess(ServingMode mode, ProjectMemberRepository members, ProjectRepository projects, UserAccountRepository accounts,
            Clock clock) {
        this.mode = mode;
        this.members = members;
        this.projects = projects;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** True when roles apply to the current caller: a login is required and an account is signed in. */
    public boolean enforced() {
        return mode.loginRequired() && !AccountService.currentUser().isEmpty();
    }

    /**
     * The current caller's role in the project: OWNER without roles (no login, or nobody signed in)
     * and for administrators; the membership's role otherwise; empty for an account that is no member.
     */
    @Transactional(readOnly = true)
    public Optional<ProjectRole> role(long projectId) {
        if (!enforced() || AccountService.isAdmin()) {
            return Optional.of(ProjectRole.OWNER);
        }
        return members.findByProjectIdAndUsername(projectId, AccountService.currentUser()).map(ProjectMember::getRole);
    }

    /** True when the current caller's role in the project is {@code needed} or more. */
    public boolean may(long projectId, ProjectRole needed) {
        return role(projectId).map(r -> r.atLeast(needed)).orElse(false);
    }

    /** The projects the current caller may see, in the given order. */
    @Transactional(readOnly = true)
    public List<Project> visible(List<Project> all) {
        if (!enforced() || AccountService.isAdmin()) {
            return all;
        }
        var mine = members.findByUsername(AccountService.currentUser()).stream().map(ProjectMember::getProjectId)
                .collect(java.util.stream.Collectors.toSet());
        return all.stream().filter(p -> mine.contains(p.getId())).toList();
    }

    /**
     * Refuses, with a sentence naming the project, the caller's role and who may, unless the
     * caller's role is {@code needed} or more. {@code what} completes "only its editors and owners
     * can ...", e.g. "change templates".
     */
    public void require(long projectId, ProjectRole needed, String what) {
        Optional<ProjectRole> role = role(projectId);
        if (role.map(r -> r.atLeast(needed)).orElse(false)) {
            return;
        }
        String project = projects.findById(projectId).map(p -> "project '" + p.getName() + "'").orElse("project " + projectId);
        String message = role.isEmpty() ? "You are not a member of " + project + "."
                : "You are " + role.get().withArticle() + " of " + project + ": only its " + who(needed) + " can " + what + ".";
        LOG.info("Refused {} ({}): {}", AccountService.currentUser(), role.map(ProjectRole::label).orElse("no member"), message);
        throw new ProjectAccessException(message);
    }

    private static String who(ProjectRole needed) {
        return switch (needed) {
            case OWNER -> "owners";
            case EDITOR -> "editors and owners";
            case VIEWER -> "members";
        };
    }

    /** After a project was created: its creator (when roles apply) becomes its owner. */
    @Transactional
    public void created(Project project) {
        if (enforced()) {
            members.saveAndFlush(new ProjectMember(project.getId(), AccountService.currentUser(), ProjectRole.OWNER, clock.instant()));
        }
    }

    /** The project's members by name; any member may read them. */
    @Transactional(readOnly = true)
    public List<ProjectMember> members(long projectId) {
        require(projectId, ProjectRole.VIEWER, "see its members");
        return members.findByProjectIdOrderByUsernameAsc(projectId);
    }

    /** Every account name (for the Members dialog's choice), for the project's owners. */
    @Transactional(readOnly = true)
    public List<String> accountNames(long projectId) {
        require(projectId, ProjectRole.OWNER, "manage its members");
        return accounts.findAllByOrderByUsernameAsc().stream().map(UserAccount::getUsername).toList();
    }

    /** Adds an existing account to the project with a role, or changes its role when it is a member already. */
    @Transactional
    public ProjectMember setMember(long projectId, String username, ProjectRole role) {
        require(projectId, ProjectRole.OWNER, "manage its members");
        if (role == null) {
            throw new ProjectAccessException("Choose a role: owner, editor or viewer.");
        }
        String name = AccountService.normalise(username);
        if (accounts.findByUsername(name).isEmpty()) {
            throw new ProjectAccessException("There is no account named '" + username + "': an administrator adds accounts first.");
        }
        ProjectMember member = members.findByProjectIdAndUsername(projectId, name).orElse(null);
        if (member == null) {
            member = members.saveAndFlush(new ProjectMember(projectId, name, role, clock.instant()));
            LOG.info("{} added {} to project {} as {}", AccountService.currentUser(), name, projectId, role.label());
            return member;
        }
        if (member.getRole() == ProjectRole.OWNER && role != ProjectRole.OWNER) {
            refuseLastOwner(projectId, name);
        }
        member.setRole(role);
        LOG.info("{} made {} {} of project {}", AccountService.currentUser(), name, role.withArticle(), projectId);
        return members.saveAndFlush(member);
    }

    /** Removes a member; the last owner stays (a project always keeps someone who can manage it). */
    @Transactional
    public void removeMember(long projectId, String username) {
        require(projectId, ProjectRole.OWNER, "manage its members");
        String name = AccountService.normalise(username);
        ProjectMember member = members.findByProjectIdAndUsername(projectId, name)
                .orElseThrow(() -> new ProjectAccessException("'" + username + "' is not a member of this project."));
        if (member.getRole() == ProjectRole.OWNER) {
            refuseLastOwner(projectId, name);
        }
        members.delete(member);
        LOG.info("{} removed {} from project {}", AccountService.currentUser(), name, projectId);
    }

    private void refuseLastOwner(long projectId, String name) {
        if (members.countByProjectIdAndRole(projectId, ProjectRole.OWNER) <= 1) {
            throw new ProjectAccessException("'" + name + "' is the project's last owner: make another member an owner first.");
        }
    }
}
