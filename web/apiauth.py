"""Who is calling the JSON API, for the routes that need someone (conventions §5).

Reads of public data need nobody. Private reads and every write need either an API token
(`fundwatch tokens create`, sent as `Authorization: Bearer`, stored hashed) or the browser
session; a write through the session must also carry its CSRF token in `X-CSRF-Token` and
come from our origin, exactly as a form would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from models.account import secret_hash
from models.db import read_session
from web import queries
from web.deps import SettingsDep, VisitorDep, get_engine
from web.security import same_origin, tokens_match

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
bearer = HTTPBearer(auto_error=False, description="An API token from `fundwatch tokens create`.")


@dataclass(frozen=True)
class ApiActor:
    contact_id: int | None
    is_admin: bool
    via: str  # "token" or "session"


def _token_actor(engine: Engine, token: str) -> ApiActor | None:
    with read_session(engine) as session:
        row = queries.live_api_token(session=session, token_hash=secret_hash(token))
        if row is None:
            return None
        return ApiActor(contact_id=row.contact_id, is_admin=row.is_admin, via="token")


async def get_api_actor(
    request: Request,
    settings: SettingsDep,
    visitor: VisitorDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> ApiActor:
    if credentials is not None:
        actor = None
        if len(credentials.credentials) <= 200:
            actor = await run_in_threadpool(
                _token_actor, get_engine(request), credentials.credentials
            )
        if actor is None:
            raise HTTPException(401, "invalid API token", {"WWW-Authenticate": "Bearer"})
        return actor
    if visitor is None:
        raise HTTPException(
            401, "an API token or a login is needed", {"WWW-Authenticate": "Bearer"}
        )
    if request.method not in SAFE_METHODS and not (
        same_origin(request, settings)
        and tokens_match(request.headers.get("x-csrf-token"), visitor.csrf_token)
    ):
        raise HTTPException(403, "a write through the session needs X-CSRF-Token and our Origin")
    return ApiActor(contact_id=visitor.contact_id, is_admin=visitor.is_admin, via="session")


ApiActorDep = Annotated[ApiActor, Depends(get_api_actor)]


async def get_api_member(actor: ApiActorDep) -> ApiActor:
    if actor.contact_id is None:
        raise HTTPException(403, "this token or login belongs to no member contact")
    return actor


ApiMemberDep = Annotated[ApiActor, Depends(get_api_member)]
