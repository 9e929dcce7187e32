"""The web app's sessions: one item each in the member's partition (SK = SESSION#<hash>)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pynamodb.exceptions import UpdateError

from tracker.domain.model import Member, MemberKey
from tracker.domain.sessions import OpenedSession, WebSession

from .base import Repository, failed_condition, set_or_remove
from .keys import PROFILE, SESSION, TOMBSTONE, member_pk, session_sk
from .mappers import member_from_item
from .models import MemberItem, SessionItem

# The record outlives the session by a day, then DynamoDB's TTL deletes it; an expired session
# is refused on its times, whatever TTL has done yet.
KEPT_AFTER_EXPIRY = timedelta(days=1)


def _to_item(session: WebSession) -> SessionItem:
    return SessionItem(
        member_pk(session.member),
        session_sk(session.secret_hash),
        email=session.email,
        groups=sorted(session.groups),
        refresh_token=session.refresh_token,
        access_expires_at=session.access_expires_at,
        created_at=session.created_at,
        last_seen_at=session.last_seen_at,
        email_problem=session.email_problem,
        expires_at=int((session.expires_at + KEPT_AFTER_EXPIRY).timestamp()),
    )


def _from_item(key: MemberKey, secret_hash: str, item: SessionItem) -> WebSession:
    return WebSession(
        member=key,
        secret_hash=secret_hash,
        email=item.email,
        groups=frozenset(str(group) for group in item.groups or ()),
        refresh_token=item.refresh_token,
        access_expires_at=item.access_expires_at,
        created_at=item.created_at,
        last_seen_at=item.last_seen_at,
        email_problem=item.email_problem,
    )


class DynamoSessions(Repository):
    def add(self, session: WebSession) -> None:
        _to_item(session).save()

    def open(self, key: MemberKey, secret_hash: str) -> OpenedSession:
        """One consistent BatchGetItem of the session, the profile and the tombstone."""
        pk = member_pk(key)
        wanted: list[Any] = [
            {"PK": pk, "SK": session_sk(secret_hash)},
            {"PK": pk, "SK": PROFILE},
            {"PK": pk, "SK": TOMBSTONE},
        ]
        session: WebSession | None = None
        member: Member | None = None
        buried = False
        table = self._connection.table_name
        while wanted:
            answer = self._connection.batch_get_item(wanted, consistent_read=True)
            for raw in answer.get("Responses", {}).get(table, []):
                sk = raw["SK"]["S"]
                if sk == PROFILE:
                    member = member_from_item(MemberItem.from_raw_data(raw))
                elif sk == TOMBSTONE:
                    buried = True
                else:
                    session = _from_item(key, secret_hash, SessionItem.from_raw_data(raw))
            wanted = answer.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
        return OpenedSession(session, member, buried)

    def update(self, session: WebSession) -> bool:
        item = _to_item(session)
        try:
            SessionItem(item.pk, item.sk).update(
                actions=[
                    SessionItem.groups.set(item.groups),
                    SessionItem.access_expires_at.set(item.access_expires_at),
                    SessionItem.last_seen_at.set(item.last_seen_at),
                    set_or_remove(SessionItem.email_problem, item.email_problem),
                    SessionItem.expires_at.set(item.expires_at),
                ],
                condition=SessionItem.pk.exists(),
            )
        except UpdateError as error:
            if failed_condition(error):
                return False
            raise
        return True

    def delete(self, key: MemberKey, secret_hash: str) -> WebSession | None:
        item = SessionItem(member_pk(key), session_sk(secret_hash))
        old = self._connection.delete_item(item.pk, item.sk, return_values="ALL_OLD")
        raw = old.get("Attributes")
        return _from_item(key, secret_hash, SessionItem.from_raw_data(raw)) if raw else None

    def delete_all(self, key: MemberKey) -> list[WebSession]:
        """One Query of the member's sessions, then a batch of deletes."""
        sessions = SessionItem.sk.startswith(SESSION)
        found = list(SessionItem.query(member_pk(key), sessions, consistent_read=True))
        self._delete_keys(found)
        return [_from_item(key, item.sk.removeprefix(SESSION), item) for item in found]
