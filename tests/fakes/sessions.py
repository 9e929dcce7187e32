"""The web app's sessions, in the member's partition (erasing the member deletes them)."""

from __future__ import annotations

from tracker.domain.model import MemberKey
from tracker.domain.sessions import OpenedSession, WebSession

from .members import TOMBSTONE
from .table import PROFILE, MemoryTable, stored


def _key(secret_hash: str) -> tuple[str, ...]:
    return ("session", secret_hash)


class MemorySessions:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def add(self, session: WebSession) -> None:
        self._table.put(session.member, _key(session.secret_hash), stored(session))

    def open(self, key: MemberKey, secret_hash: str) -> OpenedSession:
        return OpenedSession(
            self._table.get(key, _key(secret_hash)),
            self._table.get(key, PROFILE),
            self._table.get(key, TOMBSTONE) is not None,
        )

    def update(self, session: WebSession) -> bool:
        if self._table.get(session.member, _key(session.secret_hash)) is None:
            return False
        self._table.put(session.member, _key(session.secret_hash), stored(session))
        return True

    def delete(self, key: MemberKey, secret_hash: str) -> WebSession | None:
        found: WebSession | None = self._table.get(key, _key(secret_hash))
        self._table.delete(key, _key(secret_hash))
        return found

    def delete_all(self, key: MemberKey) -> list[WebSession]:
        found = self._table.query(key, "session")
        for item_key, _ in found:
            self._table.delete(key, item_key)
        return [session for _, session in found]
