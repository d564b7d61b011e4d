package org.recprompt.workspace;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ProjectRepository extends JpaRepository<Project, Long> {

    Optional<Project> findByNameKey(String nameKey);

    List<Project> findAllByOrderByNameKeyAsc();
}
