"""One-click unsubscribe (RFC 8058) from the digests' List-Unsubscribe header and links.

GET only shows a confirm page (mail scanners follow links). POST unsubscribes: it needs no
cookie, no CSRF token and no Origin, because the signed token is the authority and mail
providers post it from their own servers (conventions §5).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from web import clock, tokens
from web.deps import PageDep, SessionDep, WriteSessionDep
from web.render import render

router = APIRouter(prefix="/unsubscribe", tags=["unsubscribe"], include_in_schema=False)
MAX_TOKEN_LENGTH = 100


def _no_store(response: Response) -> Response:
    # The token is in the URL: keep it out of caches (Referrer-Policy same-origin keeps it
    # from other sites).
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/{token}")
def unsubscribe_confirm(token: str, page: PageDep, session: SessionDep) -> Response:
    contact = None
    if len(token) <= MAX_TOKEN_LENGTH:
        contact = tokens.contact_of_unsubscribe_token(
            session=session, token=token, secret_key=page.secret_key
        )
    if contact is not None:
        page.speak_as_contact(contact.language)
    response = render(
        page,
        "unsubscribe.html",
        status_code=200 if contact else 404,
        contact=contact,
        done=False,
        action=f"/unsubscribe/{token}",
    )
    return _no_store(response)


@router.post("/{token}")
def unsubscribe_one_click(token: str, page: PageDep, session: WriteSessionDep) -> Response:
    contact = None
    if len(token) <= MAX_TOKEN_LENGTH:
        contact = tokens.unsubscribe(
            session=session, token=token, secret_key=page.secret_key, now=clock.now()
        )
    if contact is not None:
        page.speak_as_contact(contact.language)
    response = render(
        page,
        "unsubscribe.html",
        status_code=200 if contact else 404,
        contact=contact,
        done=contact is not None,
        action="",
    )
    return _no_store(response)
