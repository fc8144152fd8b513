-- Grain state (Microsoft.Orleans.Persistence.AdoNet). A grain's row is found by its hashes (indexed) and then its
-- full identity: grain type, the two 64-bit halves of an integer or GUID key, and the string key or key extension
-- (stored as '' when there is none). Version is the ETag: a write or clear names the version it read and gets the
-- next one; a first write names none. Any mismatch returns no version, which the provider reports as an
-- InconsistentStateException. A cleared state keeps its row (no payload) so its version keeps counting.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              varchar(150) NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        text         NOT NULL,
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainIdExtensionString text         NOT NULL,
    PayloadBinary          bytea,
    Version                integer      NOT NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString)
);

CREATE OR REPLACE FUNCTION orleans_storage_write(grain_id_hash integer, grain_id_n0 bigint, grain_id_n1 bigint, grain_type_hash integer,
    grain_type text, grain_id_extension text, service_id varchar, seen_version integer, payload bytea)
    RETURNS integer LANGUAGE plpgsql AS
$$
DECLARE
    new_version integer;
BEGIN
    IF seen_version IS NULL THEN
        INSERT INTO OrleansStorage (ServiceId, GrainTypeHash, GrainTypeString, GrainIdHash, GrainIdN0, GrainIdN1, GrainIdExtensionString, PayloadBinary, Version)
        VALUES (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, coalesce(grain_id_extension, ''), payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING Version INTO new_version;
    ELSE
        UPDATE OrleansStorage SET PayloadBinary = payload, Version = Version + 1, ModifiedOn = now()
        WHERE GrainIdHash = grain_id_hash AND GrainTypeHash = grain_type_hash AND ServiceId = service_id
          AND GrainIdN0 = grain_id_n0 AND GrainIdN1 = grain_id_n1 AND GrainTypeString = grain_type
          AND GrainIdExtensionString = coalesce(grain_id_extension, '') AND Version = seen_version
        RETURNING Version INTO new_version;
    END IF;
    RETURN new_version;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT PayloadBinary, Version FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '')
$q$),
('WriteToStorageKey', $q$
SELECT orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
    @ServiceId, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion
$q$),
('ClearStorageKey', $q$
UPDATE OrleansStorage SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = now()
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString = coalesce(@GrainIdExtensionString, '') AND Version = @GrainStateVersion
RETURNING Version
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
