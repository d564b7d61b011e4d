package org.recprompt.workspace;

import org.springframework.data.jpa.repository.JpaRepository;

interface SavedFileRepository extends JpaRepository<SavedFile, String> {
}
