"""Posting offers (API and `offers post`): defaults, and every bad input refused unchanged."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from models.call import CallAlias
from models.db import write_session
from models.offer import PartnerOffer
from notifier.offer_input import OfferRefused, parse_offer, read_offer_text
from notifier.offers import post_offer
from tests.offers.conftest import EPOCH, World, offer_data, offer_tables


def test_post_prints_the_new_offer_id_and_stores_it(run_cli, world: World, db, frozen) -> None:
    data = offer_data("cluj", call="INTERREG-RO-HU-2027", countries=["HU", "eu"], expires=None)
    result = run_cli("offers", "post", "--json", json.dumps(data))
    assert result.exit_code == 0, result.output
    offer_id = int(result.stdout.strip())
    with Session(db.engine) as session:
        offer = session.get_one(PartnerOffer, offer_id)
        assert offer.participant_id == world["cluj"].id
        assert offer.call_id == world.calls["interreg"].id
        assert offer.countries == ["HU", "eu"]  # groups kept as the poster meant them
        assert offer.expires_on == EPOCH + timedelta(days=60)  # the call's deadline
        assert offer.status == "open" and offer.share_contact is False


def test_post_reads_a_yaml_file_and_keeps_norway_a_country(
    run_cli, world: World, db, tmp_path: Path, frozen
) -> None:
    path = tmp_path / "offer.yaml"
    path.write_text(
        "participant: cluj\n"
        "kind: offering-to-join\n"
        "title: Our mediators can join your project\n"
        "countries: [NO, el]\n"
        "themes: [housing]\n"
        "expires: 2027-01-15\n"
        "share_contact: true\n",
        encoding="utf-8",
    )
    result = run_cli("offers", "post", str(path))
    assert result.exit_code == 0, result.output
    with Session(db.engine) as session:
        offer = session.get_one(PartnerOffer, int(result.stdout))
        assert offer.countries == ["GR", "NO"]
        assert offer.share_contact is True
        assert offer.expires_on.isoformat() == "2027-01-15"


def test_a_call_alias_resolves_and_the_call_lends_its_themes(world: World, db) -> None:
    with write_session(db.engine) as session:
        session.add(CallAlias(alias="interreg-old-id", call_id=world.calls["interreg"].id))
        session.flush()
        data = parse_offer(offer_data("cluj", call="interreg-old-id", themes=None))
        offer = post_offer(session, data=data, as_of=EPOCH)
        assert offer.call_id == world.calls["interreg"].id
        assert offer.themes == ["education", "housing"]


REFUSALS: list[tuple[str, dict[str, Any], str]] = [
    ("unknown participant", {"participant": "atlantis"}, "unknown participant 'atlantis'"),
    ("unknown call", {"call": "NO-SUCH-CALL"}, "unknown call 'NO-SUCH-CALL'"),
    ("bad country", {"countries": ["ZZ"]}, "'ZZ' is neither an ISO 3166-1"),
    ("any with others", {"countries": ["any", "RO"]}, "`any` cannot be combined"),
    ("no country", {"countries": []}, "at least one country"),
    ("unknown theme", {"themes": ["space"]}, "unknown theme 'space'"),
    ("unknown type", {"applicant_types": ["wizard"]}, "unknown applicant type 'wizard'"),
    ("bad role", {"roles": ["boss"]}, "unknown role 'boss'"),
    ("bad kind", {"kind": "selling"}, "kind must be one of"),
    ("bad language", {"languages": ["xx"]}, "'xx' is not an ISO 639-1"),
    ("bad date", {"expires": "next week"}, "expires"),
    ("expired", {"expires": "2026-11-01"}, "2026-11-01 is already past"),
    ("no expiry, no call", {"expires": None}, "expires: required"),
    ("no title", {"title": ""}, "title"),
    ("unknown field", {"deadline": "2027-01-01"}, "deadline: Extra inputs are not permitted"),
]


@pytest.mark.parametrize(("case", "change", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_bad_offers_are_refused_with_a_reason_and_nothing_changes(
    run_cli, world: World, db, frozen, case: str, change: dict[str, Any], reason: str
) -> None:
    data = {**offer_data("cluj"), **change}
    data = {k: v for k, v in data.items() if v is not None}
    before = offer_tables(db.engine)
    result = run_cli("offers", "post", "--json", json.dumps(data))
    assert result.exit_code == 1, result.output
    assert reason in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert offer_tables(db.engine) == before


def test_an_offer_for_a_closed_call_is_refused(run_cli, world: World, db, frozen) -> None:
    with write_session(db.engine) as session:
        session.get_one(type(world.calls["schools"]), world.calls["schools"].id).status = "closed"
    data = offer_data("cluj", call="ERASMUS-SCHOOLS-2027")
    result = run_cli("offers", "post", "--json", json.dumps(data))
    assert result.exit_code == 1 and "ERASMUS-SCHOOLS-2027 is closed" in result.stderr
    assert offer_tables(db.engine) == ([], [], [])


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ((), "give a FILE or --json"),
        (("--json", "{not json"), "invalid JSON"),
        (("--json", "[1, 2]"), "an offer is a mapping"),
        (("missing.yaml",), "missing.yaml: cannot read"),
    ],
    ids=["neither", "bad-json", "not-a-mapping", "missing-file"],
)
def test_unreadable_offer_input_is_refused(run_cli, db, args: tuple[str, ...], reason: str) -> None:
    result = run_cli("offers", "post", *args)
    assert result.exit_code == 1 and reason in result.stderr
    assert offer_tables(db.engine) == ([], [], [])


def test_invalid_yaml_names_its_line() -> None:
    with pytest.raises(OfferRefused, match=r"invalid YAML \(line 2\)"):
        read_offer_text("participant: cluj\ntitle: a: b\n", fmt="yaml")
