package org.recprompt.prompt.fewshot;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ProjectFewShotSetRepository extends JpaRepository<ProjectFewShotSet, Long> {

    List<ProjectFewShotSet> findByProjectIdOrderByNameKeyAsc(long projectId);

    Optional<ProjectFewShotSet> findByProjectIdAndNameKey(long projectId, String nameKey);
}
