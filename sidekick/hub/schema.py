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

import contextlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg
from psycopg import sql

from sidekick.core.messages import Message
from sidekick.hub.errors import HubConfigError, HubError, sanitize_url, translate

SCHEMA = "sidekick"
CHANNEL = "sidekick_hub"
# Team tables that carry a revision (and tombstones) and the child tables of products.
REVISED_TABLES = ("category", "phrase", "product", "shop_setting")
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
        EXECUTE format('CREATE TRIGGER a_lock BEFORE INSERT OR UPDATE OR DELETE ON sidekick.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION sidekick.lock_writers()', t);
        EXECUTE format('CREATE TRIGGER b_stamp BEFORE INSERT OR UPDATE ON sidekick.%I '
                       'FOR EACH ROW EXECUTE FUNCTION sidekick.stamp_revision()', t);
        EXECUTE format('CREATE TRIGGER c_tombstone BEFORE DELETE ON sidekick.%I '
                       'FOR EACH ROW EXECUTE FUNCTION sidekick.tombstone()', t);
        EXECUTE format('CREATE TRIGGER z_after AFTER INSERT OR UPDATE OR DELETE ON sidekick.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION sidekick.after_write()', t);
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

# The hub keeps its own invariants: one live phrase per code, one live category per path. A
# second lead's racing publish then fails on the hub itself (publish turns that into a normal
# conflict). Deferred exclusion constraints (btree ``=``, so no extension is needed) rather than
# unique indexes: a publish that swaps two codes, or frees a code and reuses it, is checked at
# commit, not row by row. Duplicates an older hub already holds are settled first, so that every
# agent receives the settlement: later duplicate categories are merged into the oldest one,
# later duplicate codes get a numbered suffix.
_UNIQUE_LIVE_SQL = """
DO $$
DECLARE d record;
BEGIN
    LOOP
        SELECT c.id AS dup, k.id AS keep INTO d
        FROM sidekick.category c
        JOIN LATERAL (
            SELECT k.id FROM sidekick.category k
            WHERE NOT k.deleted AND k.name = c.name AND k.parent_id IS NOT DISTINCT FROM c.parent_id
            ORDER BY k.revision, k.id LIMIT 1
        ) k ON true
        WHERE NOT c.deleted AND c.id <> k.id
        LIMIT 1;
        EXIT WHEN NOT FOUND;
        UPDATE sidekick.phrase SET category_id = d.keep WHERE category_id = d.dup;
        UPDATE sidekick.category SET parent_id = d.keep WHERE parent_id = d.dup;
        UPDATE sidekick.category SET deleted = true WHERE id = d.dup;
    END LOOP;
    UPDATE sidekick.phrase p SET code = p.code || '-' || r.n
    FROM (
        SELECT id, row_number() OVER (PARTITION BY code ORDER BY revision, id) AS n
        FROM sidekick.phrase WHERE NOT deleted AND code <> ''
    ) r
    WHERE p.id = r.id AND r.n > 1;
END $$;
ALTER TABLE sidekick.phrase ADD CONSTRAINT phrase_live_code_unique
    EXCLUDE USING btree (code WITH =) WHERE (NOT deleted AND code <> '') DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE sidekick.category ADD CONSTRAINT category_live_path_unique
    EXCLUDE USING btree ((coalesce(parent_id, '')) WITH =, name WITH =) WHERE (NOT deleted)
    DEFERRABLE INITIALLY DEFERRED;
-- The UPDATEs above fire the statement triggers even when they change no row; on a hub that
-- never had a write that must not move its head off 0.
UPDATE sidekick.hub_state SET revision = 0 WHERE NOT (SELECT is_called FROM sidekick.revision_seq);
"""

# Shop settings a lead sets for the whole team (the shop's name, item link patterns, the
# recommendation template): one row per setting, its value as JSON text, published and
# received like phrases (revision, tombstone, NOTIFY: the same triggers).
_SHOP_SETTINGS_SQL = """
CREATE TABLE sidekick.shop_setting (
    id text PRIMARY KEY,
    value text NOT NULL,
    updated_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    revision bigint NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false,
    updated_by text NOT NULL DEFAULT ''
);
CREATE INDEX shop_setting_revision ON sidekick.shop_setting (revision);
CREATE TRIGGER a_lock BEFORE INSERT OR UPDATE OR DELETE ON sidekick.shop_setting
    FOR EACH STATEMENT EXECUTE FUNCTION sidekick.lock_writers();
CREATE TRIGGER b_stamp BEFORE INSERT OR UPDATE ON sidekick.shop_setting
    FOR EACH ROW EXECUTE FUNCTION sidekick.stamp_revision();
CREATE TRIGGER c_tombstone BEFORE DELETE ON sidekick.shop_setting
    FOR EACH ROW EXECUTE FUNCTION sidekick.tombstone();
CREATE TRIGGER z_after AFTER INSERT OR UPDATE OR DELETE ON sidekick.shop_setting
    FOR EACH STATEMENT EXECUTE FUNCTION sidekick.after_write();
"""

# Team usage for leads: each agent's daily counts per phrase (no text, no time finer than a
# day, no query). ``agent`` is the login that wrote the row, checked by row-level security in
# ``_grant``: an agent inserts and reads only its own rows, a lead reads the whole shop's.
_USAGE_DAILY_SQL = """
CREATE TABLE sidekick.usage_daily (
    agent text NOT NULL DEFAULT current_user,
    day date NOT NULL,
    target_id text NOT NULL,
    uses int NOT NULL CHECK (uses >= 0),
    by_suggestion int NOT NULL DEFAULT 0 CHECK (by_suggestion >= 0 AND by_suggestion <= uses),
    PRIMARY KEY (agent, day, target_id)
);
CREATE INDEX usage_daily_day ON sidekick.usage_daily (day);
"""

# Buyer-question proposals on their way from the agents to the lead (``hub.proposals``): the
# masked question and the phrase id, in the name of the agent who made it (row-level security
# in ``_grant_question_proposals``). At most PROPOSALS_PER_AGENT wait per agent: more are dropped.
PROPOSALS_PER_AGENT = 500
_QUESTION_PROPOSAL_SQL = f"""
CREATE TABLE sidekick.question_proposal (
    agent text NOT NULL DEFAULT current_user,
    phrase_id text NOT NULL,
    question text NOT NULL CHECK (char_length(question) BETWEEN 1 AND 200),
    proposed_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    PRIMARY KEY (agent, phrase_id, question)
);
CREATE FUNCTION sidekick.proposal_limit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT count(*) FROM sidekick.question_proposal WHERE agent = NEW.agent) >= {PROPOSALS_PER_AGENT} THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER a_limit BEFORE INSERT ON sidekick.question_proposal
    FOR EACH ROW EXECUTE FUNCTION sidekick.proposal_limit();
"""

MIGRATIONS += (
    # 3 is 买家问法 above: two branches both numbered their step 3; each step needs its own number.
    (4, "unique live code and category path", _UNIQUE_LIVE_SQL),
    (5, "shop settings", _SHOP_SETTINGS_SQL),
    (6, "team usage: daily counts per agent and phrase", _USAGE_DAILY_SQL),
    (7, "buyer-question proposals from agents to the lead", _QUESTION_PROPOSAL_SQL),
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
    # What ``init`` did to keep the hub's roles out of the server's other databases, and what
    # it was not allowed to do (for the server's administrator).
    isolation: tuple[str, ...] = ()


def _database_of(url: str) -> str:
    name = psycopg.conninfo.conninfo_to_dict(url).get("dbname")
    if not name:
        raise HubConfigError(Message("the hub URL %1 names no database (add /DBNAME at the end)", sanitize_url(url)))
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", str(name)):
        raise HubConfigError(Message(
            "hub database name %1: use lower-case letters, digits and _ only (it also names the hub's roles)",
            repr(name)))
    return str(name)


def _admin_connect(url: str, **changes: str) -> psycopg.Connection:
    where = sanitize_url(url)
    try:
        return psycopg.connect(psycopg.conninfo.make_conninfo(url, connect_timeout="10", **changes), autocommit=True)
    except psycopg.Error as error:
        raise translate(error, where=where) from None


def init_hub(
    admin_url: str, migrations: tuple[tuple[int, str, str], ...] = MIGRATIONS, *, isolate: bool = True
) -> InitReport:
    """Create (if missing) and upgrade the hub database named by ``admin_url``; set up its roles.

    ``migrations`` is a parameter so tests can build an older hub and upgrade it. ``isolate``
    also takes ``CONNECT`` on the server's other databases away from the hub's roles (see
    ``isolate_from_other_databases``).
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
                with contextlib.suppress(psycopg.errors.DuplicateObject):  # a concurrent init made it
                    server.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    with _admin_connect(admin_url) as conn:
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
                from_version = _apply_migrations(conn, migrations)
                _grant(conn, database, roles)
        except psycopg.Error as error:
            raise translate(error, where=sanitize_url(admin_url)) from None
    isolation: list[str] = []
    if isolate:
        with _admin_connect(admin_url, dbname="postgres") as server:
            try:
                isolation = isolate_from_other_databases(server, database, roles)
            except psycopg.Error as error:
                raise translate(error, where=sanitize_url(admin_url)) from None
    to_version = max((m[0] for m in migrations), default=0)
    return InitReport(database, created, from_version, max(to_version, from_version), roles, tuple(isolation))


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
        conn.execute(statements)  # trusted, constant SQL
        conn.execute(
            f"INSERT INTO {SCHEMA}.schema_version (version, description) VALUES (%s, %s)", (version, description)
        )
    return current


def _grant(conn: psycopg.Connection, database: str, roles: HubRoles) -> None:
    """Permissions, re-applied on every init so a repaired hub is always in the intended state."""
    ident = sql.Identifier
    lead, agent = ident(roles.lead), ident(roles.agent)
    schema = ident(SCHEMA)
    # Only the tables this hub's migrations have made (a test may build an older hub).
    present = {
        row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (SCHEMA,)
        )
    }
    team_tables = [t for t in (*REVISED_TABLES, *CHILD_TABLES) if t in present]
    statements: list[sql.Composed | sql.SQL] = [
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
            sql.SQL(", ").join(sql.Identifier(SCHEMA, t) for t in team_tables), lead
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
    _hide_server_catalogs(conn)
    # Row-level security as a second lock behind the grants: even if a write privilege were
    # granted to the agent role by mistake, no policy lets it write a row.
    for table in team_tables:
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
    if "usage_daily" in present:
        _grant_usage_daily(conn, roles)
    if "question_proposal" in present:
        _grant_question_proposals(conn, roles)


def _grant_usage_daily(conn: psycopg.Connection, roles: HubRoles) -> None:
    """Each login writes and reads its own daily counts; a lead reads every agent's."""
    lead, agent = sql.Identifier(roles.lead), sql.Identifier(roles.agent)
    _row_secured(conn, "usage_daily", grants=[("SELECT, INSERT, UPDATE", (lead, agent))], policies=[
        ("usage_own_rows", "FOR ALL", (lead, agent), "USING (agent = current_user) WITH CHECK (agent = current_user)"),
        ("usage_lead_reads", "FOR SELECT", (lead,), "USING (true)"),
    ])


def _grant_question_proposals(conn: psycopg.Connection, roles: HubRoles) -> None:
    """An agent inserts proposals in its own name and sees only those; a lead reads and takes (deletes) all."""
    lead, agent = sql.Identifier(roles.lead), sql.Identifier(roles.agent)
    _row_secured(conn, "question_proposal", grants=[("SELECT, INSERT", (agent,)), ("SELECT, DELETE", (lead,))], policies=[
        ("proposal_agent_own", "FOR ALL", (agent,), "USING (agent = current_user) WITH CHECK (agent = current_user)"),
        ("proposal_lead_reads", "FOR SELECT", (lead,), "USING (true)"),
        ("proposal_lead_takes", "FOR DELETE", (lead,), "USING (true)"),
    ])


def _row_secured(conn: psycopg.Connection, name: str, *,
                 grants: Sequence[tuple[str, Sequence[sql.Identifier]]],
                 policies: Sequence[tuple[str, str, Sequence[sql.Identifier], str]]) -> None:
    """A table the hub's roles reach only through ``grants`` (privileges, roles) and, row by row,
    through ``policies`` (name, command, roles, clauses): every earlier right is taken back first,
    so re-running ``init`` always leaves exactly these. The privileges and clauses are constants."""
    table = sql.Identifier(SCHEMA, name)
    everyone: list[sql.Identifier] = []
    for role in [*(r for _privileges, roles in grants for r in roles), *(r for *_n, roles, _c in policies for r in roles)]:
        if role not in everyone:
            everyone.append(role)
    conn.execute(sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(table))
    conn.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(table, sql.SQL(", ").join(everyone)))
    for privileges, roles in grants:
        conn.execute(sql.SQL("GRANT " + privileges + " ON {} TO {}").format(table, sql.SQL(", ").join(roles)))
    conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(table))
    for policy, _command, _roles, _clauses in policies:
        conn.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(policy), table))
    for policy, command, roles, clauses in policies:
        conn.execute(sql.SQL("CREATE POLICY {} ON {} " + command + " TO {} " + clauses).format(
            sql.Identifier(policy), table, sql.SQL(", ").join(roles)))


# Catalog views that list the server's roles, databases and sessions. Inside the hub database
# only the hub's own roles connect, and none of them needs these: hiding them keeps an agent
# from listing every login and every shop on a shared server.
_SERVER_CATALOGS = (
    "pg_roles", "pg_user", "pg_database", "pg_auth_members", "pg_stat_activity", "pg_stat_database",
    "pg_db_role_setting", "pg_shdescription",
)


def _hide_server_catalogs(conn: psycopg.Connection) -> None:
    for name in _SERVER_CATALOGS:
        conn.execute(sql.SQL("REVOKE SELECT ON {} FROM PUBLIC").format(sql.Identifier("pg_catalog", name)))


def isolate_from_other_databases(server: psycopg.Connection, database: str, roles: HubRoles) -> list[str]:
    """Take ``CONNECT`` (and ``TEMPORARY``) on the server's other databases away from the hub's roles.

    PostgreSQL grants both to PUBLIC on every new database, and a role cannot be left out of
    PUBLIC. So, on each other database where PUBLIC still has them and this admin may change
    that (superuser or owner), they are revoked from PUBLIC and granted by name to every role
    that is not a Sidekick hub's group or one of its members, so nobody else loses access.
    Returns one line per database: what was done, or what the server's admin should do.
    """
    me = server.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    superuser = bool(me and me[0])
    hub_groups = [
        r[0] for r in server.execute(
            "SELECT r.rolname FROM pg_roles r JOIN pg_database d "
            "ON r.rolname IN (d.datname || '_lead', d.datname || '_agent') WHERE NOT r.rolcanlogin"
        )
    ]
    keep = [
        r[0] for r in server.execute(
            "SELECT rolname FROM pg_roles r WHERE rolname NOT LIKE 'pg\\_%%' AND NOT rolsuper "
            "AND NOT EXISTS (SELECT 1 FROM unnest(%s::text[]) g(name) WHERE pg_has_role(r.oid, g.name, 'MEMBER'))",
            (hub_groups,),
        )
    ]
    others = server.execute(
        "SELECT datname, has_database_privilege('public', oid, 'CONNECT'), "
        "has_database_privilege('public', oid, 'TEMPORARY'), "
        "pg_has_role(current_user, datdba, 'MEMBER') "
        "FROM pg_database WHERE datallowconn AND datname <> %s ORDER BY datname",
        (database,),
    ).fetchall()
    hub_roles = sql.SQL(", ").join([sql.Identifier(roles.lead), sql.Identifier(roles.agent)])
    notes: list[str] = []
    for name, public_connect, public_temp, owner in others:
        db = sql.Identifier(name)
        privileges = [p for p, held in (("CONNECT", public_connect), ("TEMPORARY", public_temp)) if held]
        if not (superuser or owner):
            if privileges:
                notes.append(
                    f"{name}: not allowed to change it; a server admin should run "
                    f"REVOKE CONNECT, TEMPORARY ON DATABASE {name} FROM PUBLIC (granting CONNECT by name to "
                    f"its own users), or reject +{roles.lead},+{roles.agent} for it in pg_hba.conf"
                )
            continue
        server.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(db, hub_roles))
        if not privileges:
            continue
        granted = sql.SQL(", ").join(sql.SQL(p) for p in privileges)
        with server.transaction():
            server.execute(sql.SQL("REVOKE {} ON DATABASE {} FROM PUBLIC").format(granted, db))
            if keep:
                server.execute(
                    sql.SQL("GRANT {} ON DATABASE {} TO {}").format(
                        granted, db, sql.SQL(", ").join(sql.Identifier(k) for k in keep)
                    )
                )
        notes.append(f"{name}: {' and '.join(privileges)} revoked from PUBLIC, kept for {len(keep)} other role(s)")
    return notes


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
        raise HubConfigError(Message("--role must be lead or agent"))
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-]{0,62}", name):
        raise HubConfigError(Message("user name %1: use letters, digits, _ . - (starting with a letter)", repr(name)))
    if len(password) < 8:
        raise HubConfigError(Message("the password must have at least 8 characters"))
    database = _database_of(admin_url)
    roles = roles_for(database)
    group, other = (roles.lead, roles.agent) if role == "lead" else (roles.agent, roles.lead)
    with _admin_connect(admin_url, dbname="postgres") as server:
        groups = server.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone()
        if not groups:
            raise HubConfigError(Message("%1 is not set up as a hub yet: run `sidekick hub init` first", database))
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
                raise HubConfigError(Message(
                    "a login named %1 already exists on this server but does not belong to hub %2; choose "
                    "another name (users of different hubs are kept apart)", repr(name), database))
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
