package org.recprompt.backend;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface BackendConfigRepository extends JpaRepository<BackendConfig, Long> {

    List<BackendConfig> findByProjectIdOrderByNameKeyAsc(long projectId);

    Optional<BackendConfig> findByProjectIdAndNameKey(long projectId, String nameKey);

    @Query("select c.secretName from BackendConfig c where c.secretName is not null")
    List<String> findSecretNames();

    Optional<BackendConfig> findFirstBySecretName(String secretName);
}
