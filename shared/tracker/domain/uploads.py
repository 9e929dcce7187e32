"""An import the web app holds between its preview and its confirmation (tracker/services/imports.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

KEPT_FOR = timedelta(hours=1)  # a preview not confirmed within the hour is uploaded again
# A confirmation still "importing" after this was cut off (the function's time ran out): it may
# be confirmed again, which is safe, as the people already written are then found unchanged.
STALLED_AFTER = timedelta(minutes=2)


class UploadStatus(StrEnum):
    PREVIEWED = "previewed"  # the dry run is shown; the file is kept
    IMPORTING = "importing"  # confirmed: one request is writing it
    IMPORTED = "imported"  # done: the result is kept, the file dropped


@dataclass(frozen=True)
class StagedUpload:
    import_id: str
    file_name: str  # as the browser named it: shown, never used as a path
    status: UploadStatus
    preview: str  # the dry run's report (JSON, see tracker/services/imports.py)
    result: str | None  # the import's report once imported
    created_at: datetime
    expires_at: datetime
    claimed_at: datetime | None = None  # when a confirmation began importing it

    def stalled(self, now: datetime) -> bool:
        return (
            self.status is UploadStatus.IMPORTING
            and self.claimed_at is not None
            and now - self.claimed_at >= STALLED_AFTER
        )
