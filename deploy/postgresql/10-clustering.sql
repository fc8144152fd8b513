-- Cluster membership (Microsoft.Orleans.Clustering.AdoNet): one version row per cluster ("DeploymentId" is the
-- ClusterId) and one row per silo incarnation (address, port, generation). Every membership change bumps the
-- version row in the same transaction, and only when the caller saw the current version (optimistic concurrency).
-- Status values are Orleans' SiloStatus: 3 Active, 6 Dead.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersion
(
    DeploymentId varchar(150) PRIMARY KEY,
    Version      integer      NOT NULL DEFAULT 0,
    UpdatedAt    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS OrleansMembership
(
    DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersion ON DELETE CASCADE,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL DEFAULT 0,
    SuspectTimes text,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- The version row, joined with every silo row (all of them, or the one asked for): the providers expect at
-- least one row carrying Version even when no silo has joined yet.
CREATE OR REPLACE FUNCTION orleans_membership_read(deployment varchar, silo_address varchar, silo_port integer, silo_generation integer)
    RETURNS TABLE (Version integer, Address varchar, Port integer, Generation integer, SiloName varchar, HostName varchar,
                   Status integer, ProxyPort integer, SuspectTimes text, StartTime timestamptz, IAmAliveTime timestamptz)
    LANGUAGE sql STABLE AS
$$
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersion v
LEFT JOIN OrleansMembership m
    ON m.DeploymentId = v.DeploymentId
   AND (silo_address IS NULL OR (m.Address = silo_address AND m.Port = silo_port AND m.Generation = silo_generation))
WHERE v.DeploymentId = deployment
$$;

-- Takes the next table version if the caller saw the current one; the silo row change that follows is undone
-- (and false returned) when it finds nothing to change or a row already there.
CREATE OR REPLACE FUNCTION orleans_membership_bump(deployment varchar, seen_version integer)
    RETURNS boolean LANGUAGE plpgsql AS
$$
BEGIN
    UPDATE OrleansMembershipVersion SET Version = Version + 1, UpdatedAt = now()
    WHERE DeploymentId = deployment AND Version = seen_version;
    RETURN FOUND;
END
$$;

CREATE OR REPLACE FUNCTION orleans_membership_insert(deployment varchar, seen_version integer, silo_address varchar, silo_port integer,
    silo_generation integer, silo_name varchar, host_name varchar, silo_status integer, proxy_port integer,
    start_time timestamptz, i_am_alive_time timestamptz)
    RETURNS boolean LANGUAGE plpgsql AS
$$
BEGIN
    IF NOT orleans_membership_bump(deployment, seen_version) THEN
        RETURN false;
    END IF;
    INSERT INTO OrleansMembership (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES (deployment, silo_address, silo_port, silo_generation, silo_name, host_name, silo_status, coalesce(proxy_port, 0), start_time, i_am_alive_time);
    RETURN true;
EXCEPTION WHEN unique_violation THEN
    RETURN false; -- the version bump above is rolled back with the block
END
$$;

CREATE OR REPLACE FUNCTION orleans_membership_update(deployment varchar, seen_version integer, silo_address varchar, silo_port integer,
    silo_generation integer, silo_status integer, suspect_times text, i_am_alive_time timestamptz)
    RETURNS boolean LANGUAGE plpgsql AS
$$
BEGIN
    IF NOT orleans_membership_bump(deployment, seen_version) THEN
        RETURN false;
    END IF;
    UPDATE OrleansMembership SET Status = silo_status, SuspectTimes = suspect_times, IAmAliveTime = i_am_alive_time
    WHERE DeploymentId = deployment AND Address = silo_address AND Port = silo_port AND Generation = silo_generation;
    IF NOT FOUND THEN
        RAISE no_data_found;
    END IF;
    RETURN true;
EXCEPTION WHEN no_data_found THEN
    RETURN false; -- the version bump above is rolled back with the block
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO OrleansMembershipVersion (DeploymentId) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1)
SELECT EXISTS (SELECT 1 FROM inserted)
$q$),
('MembershipReadAllKey', $q$
SELECT * FROM orleans_membership_read(@DeploymentId, NULL, NULL, NULL)
$q$),
('MembershipReadRowKey', $q$
SELECT * FROM orleans_membership_read(@DeploymentId, @Address, @Port, @Generation)
$q$),
('InsertMembershipKey', $q$
SELECT orleans_membership_insert(@DeploymentId, @Version, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime)
$q$),
('UpdateMembershipKey', $q$
SELECT orleans_membership_update(@DeploymentId, @Version, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime)
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembership SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
$q$),
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation FROM OrleansMembership
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipVersion WHERE DeploymentId = @DeploymentId
$q$),
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembership WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status = 6
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
