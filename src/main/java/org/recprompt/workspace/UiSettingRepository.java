package org.recprompt.workspace;

import org.springframework.data.jpa.repository.JpaRepository;

interface UiSettingRepository extends JpaRepository<UiSetting, String> {
}
