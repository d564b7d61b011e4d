package org.recprompt.dataset;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ProjectDatasetRepository extends JpaRepository<ProjectDataset, Long> {

    List<ProjectDataset> findByProjectIdOrderByNameKeyAsc(long projectId);

    Optional<ProjectDataset> findByProjectIdAndNameKey(long projectId, String nameKey);
}
