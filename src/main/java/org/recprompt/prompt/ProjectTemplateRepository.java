package org.recprompt.prompt;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ProjectTemplateRepository extends JpaRepository<ProjectTemplate, Long> {

    List<ProjectTemplate> findByProjectIdOrderByNameKeyAsc(long projectId);

    Optional<ProjectTemplate> findByProjectIdAndNameKey(long projectId, String nameKey);
}
