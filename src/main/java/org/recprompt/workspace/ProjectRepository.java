package org.recprompt.workspace;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** The projects table; public so that security.ProjectAccess can name a project in its refusals. */
public interface ProjectRepository extends JpaRepository<Project, Long> {

    Optional<Project> findByNameKey(String nameKey);

    List<Project> findAllByOrderByNameKeyAsc();
}
