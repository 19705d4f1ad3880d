"""The desk's own PostgreSQL role: it reads and writes the record but can only append to the
audit log. The schema's owner (who runs migrations) grants it; the desk then connects as a
role that owns nothing, so it can neither change, delete or truncate audit entries nor
drop or disable their guards."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from reviewdesk.record.store import Store, StoreError


@dataclass(frozen=True, slots=True)
class AuditGuard:
    """What the connected role may do to the audit log."""

    role: str
    superuser: bool
    owner: bool
    may_change: list[str]

    @property
    def powers(self) -> list[str]:
        """What lets this role rewrite the log (empty: it can only add entries)."""
        held = [("superuser", self.superuser), ("owner", self.owner)]
        return [*(name for name, has in held if has), *self.may_change]

    @property
    def append_only(self) -> bool:
        """Whether this role can only add entries."""
        return not self.powers


def grant_desk_role(store: Store, role: str) -> None:
    """Let `role` use the record (connected as the schema's owner): every table read and
    written, sequences used, the audit log only read and appended, the schema version read."""
    if store.dialect != "postgresql":
        raise StoreError("database roles exist on PostgreSQL only; a SQLite record is a file")
    with store.engine.begin() as connection:
        if (
            connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
            is None
        ):
            raise StoreError(
                f"role {role!r} does not exist; create it first (CREATE ROLE {role} LOGIN)"
            )
        name = connection.scalar(text("SELECT quote_ident(:r)"), {"r": role})
        schema = connection.scalar(text("SELECT quote_ident(current_schema())"))
        for statement in (
            f"GRANT USAGE ON SCHEMA {schema} TO {name}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {name}",
            f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {name}",
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {name}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {name}",
        ):
            connection.execute(text(statement))


def audit_guard(store: Store) -> AuditGuard | None:
    """What the store's connection may do to the audit log (None on SQLite)."""
    if store.dialect != "postgresql":
        return None
    with store.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT current_user, r.rolsuper, pg_has_role(c.relowner, 'USAGE'), "
                "has_table_privilege('audit_log', 'UPDATE'), "
                "has_table_privilege('audit_log', 'DELETE'), "
                "has_table_privilege('audit_log', 'TRUNCATE') "
                "FROM pg_roles r, pg_class c WHERE r.rolname = current_user "
                "AND c.oid = 'audit_log'::regclass"
            )
        ).one()
    rights = [
        kind for kind, may in zip(("UPDATE", "DELETE", "TRUNCATE"), row[3:], strict=True) if may
    ]
    return AuditGuard(role=row[0], superuser=bool(row[1]), owner=bool(row[2]), may_change=rights)
