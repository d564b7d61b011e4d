package org.recprompt.prompt;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface TemplateVersionRepository extends JpaRepository<TemplateVersion, Long> {

    List<TemplateVersion> findByTemplateIdOrderBySavedAtDescIdDesc(long templateId);

    Optional<TemplateVersion> findByTemplateIdAndVersion(long templateId, String version);
}
