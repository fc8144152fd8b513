namespace Spaces.Analytics.Storage;

/// <summary>The DuckDB tables (README: "The DuckDB file"). Times are UTC <c>TIMESTAMP</c>s; amounts are minor units.</summary>
internal static class WarehouseSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS events (
            event_id     VARCHAR PRIMARY KEY,
            space_id     VARCHAR   NOT NULL,
            seq          BIGINT,
            occurred_at  TIMESTAMP NOT NULL,
            family       VARCHAR   NOT NULL,
            type         VARCHAR   NOT NULL,
            actor_id     VARCHAR,
            subject_id   VARCHAR,
            live         BOOLEAN,
            detail       VARCHAR,
            listeners    INTEGER,
            peak_listeners INTEGER,
            host_id      VARCHAR,
            ticket_id    VARCHAR,
            amount_minor BIGINT,
            currency     VARCHAR,
            received_at  TIMESTAMP NOT NULL
        );
        CREATE TABLE IF NOT EXISTS presence (
            event_id    VARCHAR   NOT NULL,
            space_id    VARCHAR   NOT NULL,
            user_id     VARCHAR   NOT NULL,
            change      VARCHAR   NOT NULL,
            occurred_at TIMESTAMP NOT NULL
        );
        CREATE TABLE IF NOT EXISTS reactions (
            event_id    VARCHAR   NOT NULL,
            space_id    VARCHAR   NOT NULL,
            emoji       VARCHAR   NOT NULL,
            count       INTEGER   NOT NULL,
            occurred_at TIMESTAMP NOT NULL
        );
        CREATE TABLE IF NOT EXISTS archive_checkpoints (
            partition INTEGER PRIMARY KEY,
            position  BIGINT  NOT NULL
        );
        """;

    public const string InsertEvent = """
        INSERT INTO events (event_id, space_id, seq, occurred_at, family, type, actor_id, subject_id, live, detail,
                            listeners, peak_listeners, host_id, ticket_id, amount_minor, currency, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (event_id) DO NOTHING
        """;

    public const string InsertPresence = "INSERT INTO presence VALUES (?, ?, ?, ?, ?)";

    public const string InsertReaction = "INSERT INTO reactions VALUES (?, ?, ?, ?, ?)";

    public const string SaveCheckpoint = """
        INSERT INTO archive_checkpoints VALUES (?, ?)
        ON CONFLICT (partition) DO UPDATE SET position = excluded.position
        """;
}
