"""In-memory fakes of every port (tracker/ports.py), for fast tests of the services' rules.

`memory_repositories()` gives repositories that share one in-memory table, as the DynamoDB ones
share one DynamoDB table, and behave as they do: the same conditions (ConcurrentUpdate or False
exactly where DynamoDB's conditional writes fail), the same orders, the same erasure. The
contract test (tests/contract) runs the same cases against both, so they cannot drift apart.
The world outside is faked by recording fakes; the clock is `tracker.domain.clock.FixedClock`.
"""

from __future__ import annotations

from tracker.ports import Repositories

from .bulk import MemoryBulk
from .contacts import MemoryContacts
from .conversations import MemoryConversations
from .members import MemoryMembers
from .orgs import MemoryOrgs
from .phones import MemoryPhones
from .picks import MemoryPicks
from .quicklog import MemoryQuickLog
from .recording import (
    FakeDirectory,
    ProviderDown,
    RecordingMailer,
    RecordingPages,
    RecordingQueue,
    RecordingTexter,
)
from .sends import MemorySends
from .sessions import MemorySessions
from .table import MemoryTable
from .uploads import MemoryUploads
from .weeks import MemoryWeeks
from .wordings import MemoryWordings


def memory_repositories(table: MemoryTable | None = None) -> Repositories:
    """Every repository on one in-memory table (a new, empty one unless given)."""
    table = MemoryTable() if table is None else table
    return Repositories(
        members=MemoryMembers(table),
        phones=MemoryPhones(table),
        orgs=MemoryOrgs(table),
        contacts=MemoryContacts(table),
        conversations=MemoryConversations(table),
        picks=MemoryPicks(table),
        weeks=MemoryWeeks(table),
        sends=MemorySends(table),
        quicklog=MemoryQuickLog(table),
        bulk=MemoryBulk(table),
        sessions=MemorySessions(table),
        uploads=MemoryUploads(table),
        wordings=MemoryWordings(table),
    )


__all__ = [
    "FakeDirectory",
    "MemoryTable",
    "ProviderDown",
    "RecordingMailer",
    "RecordingPages",
    "RecordingQueue",
    "RecordingTexter",
    "memory_repositories",
]
