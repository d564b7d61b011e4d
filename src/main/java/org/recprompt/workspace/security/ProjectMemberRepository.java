package org.recprompt.workspace.security;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ProjectMemberRepository extends JpaRepository<ProjectMember, Long> {

    Optional<ProjectMember> findByProjectIdAndUsername(long projectId, String username);

    List<ProjectMember> findByProjectIdOrderByUsernameAsc(long projectId);

    List<ProjectMember> findByUsername(String username);

    long countByProjectIdAndRole(long projectId, ProjectRole role);

    void deleteByUsername(String username);
}
