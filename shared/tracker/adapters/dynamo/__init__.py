"""DynamoDB behind the repository ports: one table, one repository per aggregate, and the only
code that imports PynamoDB. `repositories()` binds the models to the table on first use."""

from __future__ import annotations

from tracker.ports import Repositories

from .bulk import DynamoBulk
from .contacts import DynamoContacts
from .conversations import DynamoConversations
from .members import DynamoMembers
from .orgs import DynamoOrgs
from .phones import DynamoPhones
from .picks import DynamoPicks
from .quicklog import DynamoQuickLog
from .sends import DynamoSends
from .sessions import DynamoSessions
from .uploads import DynamoUploads
from .weeks import DynamoWeeks
from .wordings import DynamoWordings


def repositories(table_name: str, region: str) -> Repositories:
    from .models import bind

    connection = bind(table_name, region)
    return Repositories(
        members=DynamoMembers(connection),
        phones=DynamoPhones(connection),
        orgs=DynamoOrgs(connection),
        contacts=DynamoContacts(connection),
        conversations=DynamoConversations(connection),
        picks=DynamoPicks(connection),
        weeks=DynamoWeeks(connection),
        sends=DynamoSends(connection),
        quicklog=DynamoQuickLog(connection),
        bulk=DynamoBulk(connection),
        sessions=DynamoSessions(connection),
        uploads=DynamoUploads(connection),
        wordings=DynamoWordings(connection),
    )


__all__ = ["repositories"]
