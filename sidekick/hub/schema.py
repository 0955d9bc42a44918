"""The hub's PostgreSQL schema, its roles and its users (``sidekick hub init`` / ``add-user``).

Everything lives in the schema ``sidekick`` of one database per shop. Two group roles named
after that database hold the permissions: ``<db>_lead`` may publish, ``<db>_agent`` may only
read. PostgreSQL enforces them (grants plus row-level security), so a hand-written SQL client
gets the same answers as the app.

Revisions: one sequence numbers every write. A row trigger stamps each written row with
``nextval``; a statement trigger first locks the single ``hub_state`` row, so writers are
serialised and revisions become visible in commit order (a reader that has seen revision N
has seen everything below N). After each statement ``hub_state.revision`` is brought up to
date and ``NOTIFY sidekick_hub`` wakes listening clients (delivered on commit). A DELETE on a
team table becomes a tombstone, so pulls learn about deletions.

Migrations are ordered SQL steps recorded in ``sidekick.schema_version``; ``init`` applies
the missing ones, so running it again is harmless and upgrades an older hub.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import psycopg
from psycopg import sql

from sidekick.hub.errors import HubConfigError, HubError, sanitize_url, translate

SCHEMA = "sidekick"
CHANNEL = "sidekick_hub"
# Team tables that carry a revision (and tombstones) and the child tables of products.
REVISED_TABLES = ("category", "phrase", "product")
CHILD_TABLES = ("product_tag", "knowledge_field", "product_relation")
ALL_TABLES = (*REVISED_TABLES, *CHILD_TABLES, "hub_state", "schema_version")
_INIT_LOCK = 0x5D1C_4B01  # advisory lock key: two concurrent inits queue instead of racing

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "team library, products, revisions, tombstones, notify",
        """
CREATE SEQUENCE sidekick.revision_seq;
CREATE TABLE sidekick.hub_state (
    id int PRIMARY KEY CHECK (id = 1),
    revision bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sidekick.hub_state (id) VALUES (1);
CREATE TABLE sidekick.category (
    id text PRIMARY KEY,
    parent_id text REFERENCES sidekick.category (id),
    name text NOT NULL,
    position int NOT NULL DEFAULT 0,
    updated_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    revision bigint NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false
);
CREATE TABLE sidekick.phrase (
    id text PRIMARY KEY,
    category_id text REFERENCES sidekick.category (id),
    code text NOT NULL DEFAULT '',
    title text NOT NULL DEFAULT '',
    body text NOT NULL DEFAULT '',
    valid_from timestamp,
    valid_until timestamp,
    position int NOT NULL DEFAULT 0,
    created_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    revision bigint NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false
);
CREATE TABLE sidekick.product (
    id text PRIMARY KEY,
    item_id text NOT NULL DEFAULT '',
    title text NOT NULL DEFAULT '',
    link text NOT NULL DEFAULT '',
    price text NOT NULL DEFAULT '',
    notes text NOT NULL DEFAULT '',
    position int NOT NULL DEFAULT 0,
    created_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    updated_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    revision bigint NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false
);
-- Children are replaced whole whenever their product is published (the product row, which
-- carries the revision, is always rewritten with them).
CREATE TABLE sidekick.product_tag (
    product_id text NOT NULL REFERENCES sidekick.product (id),
    tag text NOT NULL,
    position int NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, tag)
);
CREATE TABLE sidekick.knowledge_field (
    product_id text NOT NULL REFERENCES sidekick.product (id),
    position int NOT NULL,
    name text NOT NULL,
    value text NOT NULL DEFAULT '',
    PRIMARY KEY (product_id, position)
);
CREATE TABLE sidekick.product_relation (
    product_id text NOT NULL REFERENCES sidekick.product (id),
    target_id text NOT NULL REFERENCES sidekick.product (id),
    kind text NOT NULL CHECK (kind IN ('pairing', 'substitute')),
    position int NOT NULL DEFAULT 0,
    note text NOT NULL DEFAULT '',
    PRIMARY KEY (product_id, kind, target_id)
);
CREATE INDEX category_revision ON sidekick.category (revision);
CREATE INDEX phrase_revision ON sidekick.phrase (revision);
CREATE INDEX product_revision ON sidekick.product (revision);

CREATE FUNCTION sidekick.lock_writers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Serialise writers so revisions commit in order (see the module docstring).
    PERFORM 1 FROM sidekick.hub_state WHERE id = 1 FOR UPDATE;
    RETURN NULL;
END $$;
CREATE FUNCTION sidekick.stamp_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := nextval('sidekick.revision_seq');
    RETURN NEW;
END $$;
CREATE FUNCTION sidekick.tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Rows are never removed: a tombstone lets every client learn about the deletion.
    EXECUTE format('UPDATE %I.%I SET deleted = true WHERE id = $1', TG_TABLE_SCHEMA, TG_TABLE_NAME) USING OLD.id;
    RETURN NULL;
END $$;
CREATE FUNCTION sidekick.after_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sidekick.hub_state SET revision = (SELECT last_value FROM sidekick.revision_seq), updated_at = now()
        WHERE id = 1 AND revision <> (SELECT last_value FROM sidekick.revision_seq);
    PERFORM pg_notify('sidekick_hub', '');
    RETURN NULL;
END $$;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['category', 'phrase', 'product'] LOOP
        EXECUTE format('CREATE TRIGGER a_lock BEFORE INSERT OR UPDATE OR DELETE ON sidekick.%I FOR EACH STATEMENT EXECUTE FUNCTION sidekick.lock_writers()', t);
        EXECUTE format('CREATE TRIGGER b_stamp BEFORE INSERT OR UPDATE ON sidekick.%I FOR EACH ROW EXECUTE FUNCTION sidekick.stamp_revision()', t);
        EXECUTE format('CREATE TRIGGER c_tombstone BEFORE DELETE ON sidekick.%I FOR EACH ROW EXECUTE FUNCTION sidekick.tombstone()', t);
        EXECUTE format('CREATE TRIGGER z_after AFTER INSERT OR UPDATE OR DELETE ON sidekick.%I FOR EACH STATEMENT EXECUTE FUNCTION sidekick.after_write()', t);
    END LOOP;
END $$;
""",
    ),
    (
        2,
        "who published each row",
        """
ALTER TABLE sidekick.category ADD COLUMN updated_by text NOT NULL DEFAULT '';
ALTER TABLE sidekick.phrase ADD COLUMN updated_by text NOT NULL DEFAULT '';
ALTER TABLE sidekick.product ADD COLUMN updated_by text NOT NULL DEFAULT '';
CREATE OR REPLACE FUNCTION sidekick.stamp_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := nextval('sidekick.revision_seq');
    NEW.updated_by := session_user;
    RETURN NEW;
END $$;
""",
    ),
    (
        3,
        "买家问法: buyer questions and intents of each phrase",
        """
ALTER TABLE sidekick.phrase ADD COLUMN questions jsonb NOT NULL DEFAULT '[]';
ALTER TABLE sidekick.phrase ADD COLUMN intents jsonb NOT NULL DEFAULT '[]';
""",
    ),
)

LATEST_VERSION = MIGRATIONS[-1][0]


@dataclass(frozen=True, slots=True)
class HubRoles:
    lead: str
    agent: str


def roles_for(database: str) -> HubRoles:
    return HubRoles(lead=f"{database}_lead", agent=f"{database}_agent")


@dataclass(frozen=True, slots=True)
class InitReport:
    database: str
    created_database: bool
    from_version: int
    to_version: int
    roles: HubRoles


def _database_of(url: str) -> str:
    name = psycopg.conninfo.conninfo_to_dict(url).get("dbname")
    if not name:
        raise HubConfigError(f"the hub URL {sanitize_url(url)} names no database (add /DBNAME at the end)")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", str(name)):
        raise HubConfigError(
            f"hub database name {name!r}: use lower-case letters, digits and _ only (it also names the hub's roles)"
        )
    return str(name)


def _admin_connect(url: str, **changes: str) -> psycopg.Connection:
    where = sanitize_url(url)
    try:
        return psycopg.connect(psycopg.conninfo.make_conninfo(url, connect_timeout="10", **changes), autocommit=True)
    except psycopg.Error as error:
        raise translate(error, where=where) from None


def init_hub(admin_url: str, migrations: tuple[tuple[int, str, str], ...] = MIGRATIONS) -> InitReport:
    """Create (if missing) and upgrade the hub database named by ``admin_url``; set up its roles.

    ``migrations`` is a parameter so tests can build an older hub and upgrade it.
    """
    database = _database_of(admin_url)
    roles = roles_for(database)
    created = False
    with _admin_connect(admin_url, dbname="postgres") as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            created = True
        for role in (roles.lead, roles.agent):
            if not server.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                try:
                    server.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
                except psycopg.errors.DuplicateObject:
                    pass  # a concurrent init made it
    with _admin_connect(admin_url) as conn:
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
                from_version = _apply_migrations(conn, migrations)
                _grant(conn, database, roles)
        except psycopg.Error as error:
            raise translate(error, where=sanitize_url(admin_url)) from None
    to_version = max((m[0] for m in migrations), default=0)
    return InitReport(database, created, from_version, max(to_version, from_version), roles)


def _apply_migrations(conn: psycopg.Connection, migrations: tuple[tuple[int, str, str], ...]) -> int:
    conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {SCHEMA}.schema_version ("
        "version int PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
    )
    row = conn.execute(f"SELECT coalesce(max(version), 0) FROM {SCHEMA}.schema_version").fetchone()
    current = int(row[0]) if row else 0
    for version, description, statements in migrations:
        if version <= current:
            continue
        conn.execute(statements)  # type: ignore[arg-type]  # trusted, constant SQL
        conn.execute(
            f"INSERT INTO {SCHEMA}.schema_version (version, description) VALUES (%s, %s)", (version, description)
        )
    return current


def _grant(conn: psycopg.Connection, database: str, roles: HubRoles) -> None:
    """Permissions, re-applied on every init so a repaired hub is always in the intended state."""
    ident = sql.Identifier
    lead, agent = ident(roles.lead), ident(roles.agent)
    schema = ident(SCHEMA)
    statements = [
        # Only this hub's roles may connect; nobody else gets temp tables or the public schema.
        sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(ident(database)),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(ident(database), lead, agent),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
        sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(schema),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}, {}").format(schema, lead, agent),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM PUBLIC").format(schema),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}, {}").format(schema, lead, agent),
        sql.SQL("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA {} FROM {}").format(schema, agent),
        sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(
            sql.SQL(", ").join(sql.Identifier(SCHEMA, t) for t in (*REVISED_TABLES, *CHILD_TABLES)), lead
        ),
        # hub_state: the writers' lock row and the published revision.
        sql.SQL("GRANT UPDATE ON {} TO {}").format(sql.Identifier(SCHEMA, "hub_state"), lead),
        sql.SQL("REVOKE ALL ON SEQUENCE {} FROM PUBLIC").format(sql.Identifier(SCHEMA, "revision_seq")),
        sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {} TO {}").format(sql.Identifier(SCHEMA, "revision_seq"), lead),
        sql.SQL("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {} FROM PUBLIC").format(schema),
        sql.SQL("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {} TO {}").format(schema, lead),
    ]
    for statement in statements:
        conn.execute(statement)
    # Row-level security as a second lock behind the grants: even if a write privilege were
    # granted to the agent role by mistake, no policy lets it write a row.
    for table in (*REVISED_TABLES, *CHILD_TABLES):
        qualified = sql.Identifier(SCHEMA, table)
        conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(qualified))
        for policy in ("hub_read", "hub_lead_write"):
            conn.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(ident(policy), qualified))
        conn.execute(
            sql.SQL("CREATE POLICY hub_read ON {} FOR SELECT TO {}, {} USING (true)").format(qualified, lead, agent)
        )
        conn.execute(
            sql.SQL("CREATE POLICY hub_lead_write ON {} FOR ALL TO {} USING (true) WITH CHECK (true)").format(
                qualified, lead
            )
        )


# --------------------------------------------------------------------------- users


def generate_password() -> str:
    """A random password that survives being read aloud or typed (no look-alike characters)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(20))


def add_user(admin_url: str, name: str, role: str, password: str) -> str:
    """Create (or reset) login ``name`` in this hub's ``role`` group; returns what was done.

    The password is hashed here (SCRAM-SHA-256) so the plain text never reaches the server,
    and so never its statement log either.
    """
    if role not in ("lead", "agent"):
        raise HubConfigError("--role must be lead or agent")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-]{0,62}", name):
        raise HubConfigError(f"user name {name!r}: use letters, digits, _ . - (starting with a letter)")
    if len(password) < 8:
        raise HubConfigError("the password must have at least 8 characters")
    database = _database_of(admin_url)
    roles = roles_for(database)
    group, other = (roles.lead, roles.agent) if role == "lead" else (roles.agent, roles.lead)
    with _admin_connect(admin_url, dbname="postgres") as server:
        groups = server.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone()
        if not groups:
            raise HubConfigError(f"{database} is not set up as a hub yet: run `sidekick hub init` first")
        verifier = server.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
        existing = server.execute(
            "SELECT array(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "WHERE m.member = r.oid) FROM pg_roles r WHERE r.rolname = %s",
            (name,),
        ).fetchone()
        try:
            if existing is None:
                server.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                        sql.Identifier(name), sql.Literal(verifier), sql.Identifier(group)
                    )
                )
                return f"created {role} {name!r} for hub {database}"
            member_of = set(existing[0] or [])
            if not member_of & {roles.lead, roles.agent}:
                raise HubConfigError(
                    f"a login named {name!r} already exists on this server but does not belong to hub "
                    f"{database}; choose another name (users of different hubs are kept apart)"
                )
            server.execute(
                sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name), sql.Literal(verifier))
            )
            server.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))
            if other in member_of:
                server.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), sql.Identifier(name)))
            return f"updated {role} {name!r} of hub {database} (new password)"
        except HubError:
            raise
        except psycopg.Error as error:
            raise translate(error, where=sanitize_url(admin_url), secrets=(password,)) from None
