"""Members' partnership offers: browse those that fit, post, edit, close, fill, extend,
express interest, and follow the interest received (issue 6 rules, notifier.offers).

Authorization: the acting participant is always the session's own (never an id from the
form); an offer is changed only by its poster, an interest's state only by the offer's
poster. Another member's offer that is not live, or an interest of someone else, answers
404, exactly like an offer that does not exist. Who sees which consent is in
web/offerviews.py.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from models.call import Call
from models.offer import INTEREST_STATES, Interest, PartnerOffer
from models.participant import Participant
from notifier.offer_input import OfferRefused
from notifier.offers import (
    close_offer,
    express_interest,
    extend_offer,
    fill_offer,
    offers_fitting,
    post_offer,
    set_interest_state,
)
from web import clock
from web.deps import CsrfDep, MemberDep, PageDep, SessionDep, SettingsDep, WriteSessionDep
from web.feeds import call_path
from web.filters import clean_multiline, is_clean
from web.i18n import translate
from web.offerform import (
    FIELD_MESSAGES,
    OfferForm,
    apply_edit,
    check_offer,
    form_values,
    refusal_field,
)
from web.offerviews import interests_sent, offer_page, others_live_offers, own_offers
from web.page import Page, Visitor
from web.render import render

router = APIRouter(prefix="/offers", tags=["offers"], include_in_schema=False)
MAX_ID = 2**31 - 1


def member_participant(session: Session, visitor: Visitor) -> Participant:
    """The visitor's own participant; 403 for a login without a member profile."""
    participant = (
        session.get(Participant, visitor.participant_id)
        if visitor.participant_id is not None
        else None
    )
    if participant is None:
        raise HTTPException(status_code=403, detail="only members have partnership offers")
    return participant


def _own_offer(session: Session, participant: Participant, offer_id: int) -> PartnerOffer:
    offer = session.get(PartnerOffer, offer_id) if 0 < offer_id <= MAX_ID else None
    if offer is None or offer.participant_id != participant.id:
        raise HTTPException(status_code=404, detail="no such offer")
    return offer


@router.get("")
def offers_home(
    request: Request, page: PageDep, session: SessionDep, visitor: MemberDep
) -> Response:
    participant = member_participant(session, visitor)
    show_all = request.query_params.get("show") == "all"
    return render(
        page,
        "offers/list.html",
        participant=participant,
        show_all=show_all,
        fitting=[]
        if show_all
        else offers_fitting(session, participant=participant, as_of=page.today),
        everything=others_live_offers(session, participant=participant, as_of=page.today)
        if show_all
        else [],
        mine=own_offers(session, participant=participant, as_of=page.today),
        sent=interests_sent(session, participant=participant),
        call_path=call_path,
    )


def _form_page(
    page: Page,
    *,
    values: dict[str, Any],
    errors: dict[str, str],
    action: str,
    offer: PartnerOffer | None = None,
    offer_call: Call | None = None,
    status_code: int = 200,
    refusal: str | None = None,
) -> Response:
    """The offer form; `errors` maps fields to message keys, `refusal` is the offers
    module's reason (already in the page's language)."""
    return render(
        page,
        "offers/form.html",
        status_code=status_code,
        values=values,
        errors={name: translate(key, page.lang) for name, key in errors.items()},
        refusal=refusal,
        action=action,
        offer=offer,
        offer_call=offer_call,
    )


@router.get("/new")
def new_offer_form(
    request: Request, page: PageDep, session: SessionDep, visitor: MemberDep
) -> Response:
    member_participant(session, visitor)
    call_ref = request.query_params.get("call", "")[:300]
    values = form_values(None, call_ref=call_ref if is_clean(call_ref) else "")
    return _form_page(page, values=values, errors={}, action="/offers")


@router.post("", dependencies=[CsrfDep])
def create_offer(
    page: PageDep,
    session: WriteSessionDep,
    visitor: MemberDep,
    form: Annotated[OfferForm, Form()],
) -> Response:
    participant = member_participant(session, visitor)
    checked = check_offer(form, participant_ref=participant.public_id)
    errors, refusal = checked.errors, None
    if checked.data is not None:
        try:
            offer = post_offer(session, data=checked.data, as_of=page.today)
        except OfferRefused as refused:
            name = refusal_field(refused)
            errors = {name: FIELD_MESSAGES[name]} if name != "form" else {}
            refusal = refused.text(page.lang)
        else:
            return RedirectResponse(f"/offers/{offer.id}?saved=1", status_code=303)
    return _form_page(
        page,
        values=form.model_dump(),
        errors=errors,
        action="/offers",
        status_code=400,
        refusal=refusal,
    )


@router.get("/{offer_id}")
def offer_detail(
    offer_id: int, request: Request, page: PageDep, session: SessionDep, visitor: MemberDep
) -> Response:
    return _detail(page, session, visitor, offer_id, saved=request.query_params.get("saved"))


def _detail(
    page: Page,
    session: Session,
    visitor: Visitor,
    offer_id: int,
    *,
    saved: str | None = None,
    error: str | None = None,
    status_code: int = 200,
    message: str = "",
) -> Response:
    participant = member_participant(session, visitor)
    view = offer_page(session, offer_id=offer_id, reader=participant, as_of=page.today)
    if view is None:
        raise HTTPException(status_code=404, detail="no such offer")
    return render(
        page,
        "offers/detail.html",
        status_code=status_code,
        view=view,
        saved=saved == "1",
        error=error,
        message=message,
        states=INTEREST_STATES,
        call_path=call_path,
    )


@router.get("/{offer_id}/edit")
def edit_offer_form(
    offer_id: int, page: PageDep, session: SessionDep, visitor: MemberDep
) -> Response:
    offer = _own_offer(session, member_participant(session, visitor), offer_id)
    return _form_page(
        page,
        values=form_values(offer),
        errors={},
        action=f"/offers/{offer.id}/edit",
        offer=offer,
        offer_call=_call_of(session, offer),
    )


def _call_of(session: Session, offer: PartnerOffer) -> Call | None:
    return session.get(Call, offer.call_id) if offer.call_id is not None else None


@router.post("/{offer_id}/edit", dependencies=[CsrfDep])
def update_offer(
    offer_id: int,
    page: PageDep,
    session: WriteSessionDep,
    visitor: MemberDep,
    form: Annotated[OfferForm, Form()],
) -> Response:
    participant = member_participant(session, visitor)
    offer = _own_offer(session, participant, offer_id)
    checked = check_offer(form, participant_ref=participant.public_id, editing=True)
    if checked.data is None:
        values = {**form.model_dump(), "expires": offer.expires_on.isoformat()}
        return _form_page(
            page,
            values=values,
            errors=checked.errors,
            action=f"/offers/{offer.id}/edit",
            offer=offer,
            offer_call=_call_of(session, offer),
            status_code=400,
        )
    apply_edit(offer, checked.data)
    return RedirectResponse(f"/offers/{offer.id}?saved=1", status_code=303)


def _life_change(
    page: Page, session: Session, visitor: Visitor, offer_id: int, change: Any
) -> Response:
    """Apply close/fill/extend to the visitor's own offer; a refusal is shown on its page."""
    offer = _own_offer(session, member_participant(session, visitor), offer_id)
    try:
        change(offer)
    except OfferRefused as refused:
        error = refused.text(page.lang)
        return _detail(page, session, visitor, offer.id, error=error, status_code=400)
    return RedirectResponse(f"/offers/{offer.id}?saved=1", status_code=303)


@router.post("/{offer_id}/close", dependencies=[CsrfDep])
def close(offer_id: int, page: PageDep, session: WriteSessionDep, visitor: MemberDep) -> Response:
    return _life_change(
        page, session, visitor, offer_id, lambda o: close_offer(session, offer_id=o.id)
    )


@router.post("/{offer_id}/fill", dependencies=[CsrfDep])
def fill(offer_id: int, page: PageDep, session: WriteSessionDep, visitor: MemberDep) -> Response:
    return _life_change(
        page, session, visitor, offer_id, lambda o: fill_offer(session, offer_id=o.id)
    )


@router.post("/{offer_id}/extend", dependencies=[CsrfDep])
def extend(
    offer_id: int,
    page: PageDep,
    session: WriteSessionDep,
    visitor: MemberDep,
    until: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    try:
        day = date.fromisoformat(until.strip())
    except ValueError:
        offer = _own_offer(session, member_participant(session, visitor), offer_id)
        error = translate("Give a date (YYYY-MM-DD).", page.lang)
        return _detail(page, session, visitor, offer.id, error=error, status_code=400)
    return _life_change(
        page,
        session,
        visitor,
        offer_id,
        lambda o: extend_offer(session, offer_id=o.id, until=day, as_of=page.today),
    )


@router.post("/{offer_id}/interest", dependencies=[CsrfDep])
def interest(
    offer_id: int,
    page: PageDep,
    session: WriteSessionDep,
    settings: SettingsDep,
    visitor: MemberDep,
    message: Annotated[str, Form(max_length=20_000)] = "",
    share_contact: Annotated[str | None, Form()] = None,
) -> Response:
    participant = member_participant(session, visitor)
    if offer_page(session, offer_id=offer_id, reader=participant, as_of=page.today) is None:
        raise HTTPException(status_code=404, detail="no such offer")
    try:
        express_interest(
            session,
            offer_id=offer_id,
            participant_ref=participant.public_id,
            message=clean_multiline(message),
            share_contact=share_contact is not None,
            settings=settings,
            as_of=page.today,
            now=clock.now(),
        )
    except OfferRefused as refused:
        error = translate("Your interest could not be recorded:", page.lang)
        error += " " + refused.text(page.lang)
        return _detail(
            page, session, visitor, offer_id, error=error, status_code=400, message=message
        )
    return RedirectResponse(f"/offers/{offer_id}?saved=1", status_code=303)


@router.post("/{offer_id}/interests/{interest_id}", dependencies=[CsrfDep])
def change_interest_state(
    offer_id: int,
    interest_id: int,
    session: WriteSessionDep,
    visitor: MemberDep,
    state: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    offer = _own_offer(session, member_participant(session, visitor), offer_id)
    found = session.get(Interest, interest_id) if 0 < interest_id <= MAX_ID else None
    if found is None or found.offer_id != offer.id:
        raise HTTPException(status_code=404, detail="no such interest")
    try:
        set_interest_state(session, interest_id=found.id, state=state)
    except OfferRefused:
        raise HTTPException(status_code=400, detail="unknown state") from None
    return RedirectResponse(f"/offers/{offer.id}?saved=1", status_code=303)
