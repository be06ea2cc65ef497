-- Sales files of layouts Sentia does not recognise are read through the columns the user
-- chose. The choice is remembered per header, for that user only (a user setting), so the
-- next file with the same header needs no choosing.

ALTER TABLE import_batches DROP CONSTRAINT import_batches_layout_check,
    ADD CONSTRAINT import_batches_layout_check CHECK (layout IN ('template', 'shopify', 'amazon', 'mapped'));

CREATE TABLE import_mappings (
    user_id     uuid         NOT NULL DEFAULT sentia_current_user_id(),
    -- SHA-256 (hex) of the header's names, trimmed and in lower case, one per line.
    header_key  char(64)     NOT NULL,
    -- Template field → header name, e.g. {"date": "Belegdatum", "sku": "Artikel"}.
    mapping     jsonb        NOT NULL,
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT import_mappings_pkey PRIMARY KEY (user_id, header_key),
    CONSTRAINT import_mappings_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT import_mappings_mapping_check CHECK (jsonb_typeof(mapping) = 'object')
);

ALTER TABLE import_mappings ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON import_mappings TO sentia_app_access;
-- Each user sees and keeps only their own; only importers write one.
CREATE POLICY import_mappings_read ON import_mappings FOR SELECT TO sentia_app_access
    USING (user_id = (SELECT sentia_current_user_id()));
CREATE POLICY import_mappings_insert ON import_mappings FOR INSERT TO sentia_app_access
    WITH CHECK (user_id = (SELECT sentia_current_user_id()) AND (SELECT sentia_has_permission('data.import')));
CREATE POLICY import_mappings_update ON import_mappings FOR UPDATE TO sentia_app_access
    USING (user_id = (SELECT sentia_current_user_id()))
    WITH CHECK (user_id = (SELECT sentia_current_user_id()) AND (SELECT sentia_has_permission('data.import')));
CREATE POLICY import_mappings_delete ON import_mappings FOR DELETE TO sentia_app_access
    USING (user_id = (SELECT sentia_current_user_id()));
