"""Pre token generation trigger (Cognito, before every sign-in's and refresh's tokens): program
staff's tokens name the `admins` group only once their account has an authenticator app (TOTP),
which Cognito then asks for at every sign-in.

The API's admin routes need `admins` in the token, so a staff account without TOTP signs in as
a plain member until its owner adds one. Members' tokens are left alone, with no lookup.
"""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from tracker.adapters.aws import client
from tracker.config import require
from tracker.observability import logger

# A missing or malformed variable fails the cold start, naming it (tracker/config.py).
require()

STAFF_GROUP = "admins"
TOTP = "SOFTWARE_TOKEN_MFA"


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    configuration = (event.get("request") or {}).get("groupConfiguration") or {}
    groups = [str(group) for group in configuration.get("groupsToOverride") or []]
    if STAFF_GROUP in groups and not uses_an_authenticator_app(event["userPoolId"], event["userName"]):
        logger.info("Staff token issued without the admins group: no authenticator app yet")
        kept = [group for group in groups if group != STAFF_GROUP]
        response = event.get("response") or {}
        response["claimsOverrideDetails"] = {"groupOverrideDetails": {"groupsToOverride": kept}}
        event["response"] = response
    return event


def uses_an_authenticator_app(user_pool_id: str, username: str) -> bool:
    """Whether TOTP is on for the account (an error fails the sign-in: staff fail closed)."""
    user = client("cognito-idp").admin_get_user(UserPoolId=user_pool_id, Username=username)
    return TOTP in (user.get("UserMFASettingList") or [])
