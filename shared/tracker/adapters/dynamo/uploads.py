"""Imports the web app previewed: one item each (SK = IMPORT#<id>) with what the dry run said,
and the file in compressed parts beside it (SK = IMPORT#<id>#<n>), all in the member's partition."""

from __future__ import annotations

import base64
import zlib
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import UpdateError

from tracker.domain.model import MemberKey
from tracker.domain.uploads import StagedUpload, UploadStatus

from .base import Repository, failed_condition, set_or_remove
from .keys import member_pk, upload_part_sk, upload_sk
from .models import UploadItem, UploadPartItem, _Item

PART_BYTES = 350 * 1024  # characters of base64: under DynamoDB's 400 KB an item
KEPT_AFTER_EXPIRY = timedelta(days=1)  # the result page keeps working a day after the preview


class DynamoUploads(Repository):
    def stage(self, owner: MemberKey, upload: StagedUpload, file: bytes) -> None:
        """One BatchWriteItem: the record and the file's parts (a 4 MB file is a few parts)."""
        packed = base64.b64encode(zlib.compress(file, 6)).decode("ascii")
        pieces = [packed[start : start + PART_BYTES] for start in range(0, len(packed), PART_BYTES)] or [""]
        pk = member_pk(owner)
        ttl = int((upload.expires_at + KEPT_AFTER_EXPIRY).timestamp())
        with _Item.batch_write() as batch:
            batch.save(
                UploadItem(
                    pk,
                    upload_sk(upload.import_id),
                    file_name=upload.file_name,
                    status=upload.status.value,
                    preview=upload.preview,
                    result=upload.result,
                    parts=len(pieces),
                    created_at=upload.created_at,
                    expires_at=ttl,
                )
            )
            for number, piece in enumerate(pieces):
                batch.save(
                    UploadPartItem(pk, upload_part_sk(upload.import_id, number), data=piece, expires_at=ttl)
                )

    def find(self, owner: MemberKey, import_id: str) -> StagedUpload | None:
        try:
            item = UploadItem.get(member_pk(owner), upload_sk(import_id), consistent_read=True)
        except UploadItem.DoesNotExist:
            return None
        return StagedUpload(
            import_id=import_id,
            file_name=item.file_name,
            status=UploadStatus(item.status),
            preview=item.preview,
            result=item.result,
            created_at=item.created_at,
            expires_at=datetime.fromtimestamp(item.expires_at, UTC) - KEPT_AFTER_EXPIRY,
            claimed_at=item.claimed_at,
        )

    def file(self, owner: MemberKey, import_id: str) -> bytes | None:
        prefix = UploadPartItem.sk.startswith(upload_sk(import_id) + "#")
        pieces = [item.data for item in UploadPartItem.query(member_pk(owner), prefix, consistent_read=True)]
        if not pieces:
            return None
        return zlib.decompress(base64.b64decode("".join(pieces)))

    def claim(self, owner: MemberKey, import_id: str, now: datetime, stalled_before: datetime) -> bool:
        stalled = (UploadItem.status == UploadStatus.IMPORTING.value) & (
            UploadItem.claimed_at < stalled_before
        )
        try:
            UploadItem(member_pk(owner), upload_sk(import_id)).update(
                actions=[UploadItem.status.set(UploadStatus.IMPORTING.value), UploadItem.claimed_at.set(now)],
                condition=(UploadItem.status == UploadStatus.PREVIEWED.value) | stalled,
            )
        except UpdateError as error:
            if failed_condition(error):
                return False
            raise
        return True

    def finish(self, owner: MemberKey, import_id: str, result: str | None) -> None:
        status = UploadStatus.IMPORTED if result is not None else UploadStatus.PREVIEWED
        item = UploadItem(member_pk(owner), upload_sk(import_id))
        item.update(  # the item's attributes are then as stored (ALL_NEW): its number of parts
            actions=[UploadItem.status.set(status.value), set_or_remove(UploadItem.result, result)],
            condition=UploadItem.pk.exists(),
        )
        if result is not None:  # imported: the file is not kept a moment longer
            parts = range(int(item.parts))
            self._delete_keys(UploadPartItem(item.pk, upload_part_sk(import_id, n)) for n in parts)
