-- A saved backend may name an inference fleet: several base URLs, one per line (BackendSettings.baseUrls).
ALTER TABLE backend_config ALTER COLUMN base_url SET DATA TYPE VARCHAR(4000);
