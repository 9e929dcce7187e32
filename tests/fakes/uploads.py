"""Imports the web app previewed, in the member's partition (erasing the member deletes them)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tracker.domain.model import MemberKey
from tracker.domain.uploads import StagedUpload, UploadStatus

from .table import MemoryTable, stored


def _key(import_id: str) -> tuple[str, ...]:
    return ("import", import_id)


def _file_key(import_id: str) -> tuple[str, ...]:
    return ("import", import_id, "file")


class MemoryUploads:
    def __init__(self, table: MemoryTable) -> None:
        self._table = table

    def stage(self, owner: MemberKey, upload: StagedUpload, file: bytes) -> None:
        self._table.put(owner, _key(upload.import_id), stored(upload))
        self._table.put(owner, _file_key(upload.import_id), bytes(file))

    def find(self, owner: MemberKey, import_id: str) -> StagedUpload | None:
        found: StagedUpload | None = self._table.get(owner, _key(import_id))
        return found

    def file(self, owner: MemberKey, import_id: str) -> bytes | None:
        found: bytes | None = self._table.get(owner, _file_key(import_id))
        return found

    def claim(self, owner: MemberKey, import_id: str, now: datetime, stalled_before: datetime) -> bool:
        found = self.find(owner, import_id)
        if found is None:
            return False
        stalled = (
            found.status is UploadStatus.IMPORTING
            and found.claimed_at is not None
            and found.claimed_at < stalled_before
        )
        if found.status is not UploadStatus.PREVIEWED and not stalled:
            return False
        self._table.put(owner, _key(import_id), replace(found, status=UploadStatus.IMPORTING, claimed_at=now))
        return True

    def finish(self, owner: MemberKey, import_id: str, result: str | None) -> None:
        found = self.find(owner, import_id)
        if found is None:
            return
        status = UploadStatus.IMPORTED if result is not None else UploadStatus.PREVIEWED
        self._table.put(owner, _key(import_id), replace(found, status=status, result=result))
        if result is not None:
            self._table.delete(owner, _file_key(import_id))
