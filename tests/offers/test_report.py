"""The Taskforce's tracking report (`offers report [--csv FILE]`), and `offers list`."""

from __future__ import annotations

import csv
from pathlib import Path

from models.db import write_session
from notifier.offers import express_interest, fill_offer
from tests.offers.conftest import EPOCH, World, make_offer


def _activity(db, settings) -> dict[str, int]:
    """Cluj seeks partners for the Interreg call (Pécs answers, both consent: an introduction);
    Strasbourg posts an education offer without a call (Cluj answers, no consent), then fills it;
    Pécs posts a housing offer nobody answers."""
    with write_session(db.engine) as session:
        interreg = make_offer(session, "cluj", call="INTERREG-RO-HU-2027", expires=None,
                              share_contact=True, themes=["housing"])  # fmt: skip
        schools = make_offer(session, "strasbourg", themes=["education"], title="Écoles")
        lonely = make_offer(session, "pecs", title="Housing mediators")
        for offer, member, consent in ((interreg, "pecs", True), (schools, "cluj", False)):
            express_interest(
                session, offer_id=offer.id, participant_ref=member, message="Interested.",
                share_contact=consent, settings=settings, as_of=EPOCH,
            )  # fmt: skip
        fill_offer(session, offer_id=schools.id)
    return {"interreg": interreg.id, "schools": schools.id, "lonely": lonely.id}


def test_the_report_counts_offers_interest_introductions_per_call_and_theme(
    run_cli, world: World, db, settings, tmp_path: Path, frozen
) -> None:
    ids = _activity(db, settings)
    out = tmp_path / "report.csv"
    result = run_cli("offers", "report", "--csv", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = {(r["scope"], r["key"]): r for r in csv.DictReader(handle)}
    assert list(rows) == [
        ("call", "INTERREG-RO-HU-2027"),
        ("call", "-"),
        ("theme", "housing"),
        ("theme", "education"),
    ]
    interreg = rows[("call", "INTERREG-RO-HU-2027")]
    assert (interreg["offers"], interreg["interests"], interreg["introductions"]) == ("1", "1", "1")
    assert interreg["countries"] == "HU;RO" and interreg["offers_without_interest"] == "0"
    no_call = rows[("call", "-")]
    assert (no_call["offers"], no_call["open"], no_call["filled"]) == ("2", "1", "1")
    assert (no_call["interests"], no_call["introductions"]) == ("1", "0")
    assert no_call["countries"] == "FR;HU;RO"
    assert no_call["offer_ids_without_interest"] == str(ids["lonely"])
    housing = rows[("theme", "housing")]
    assert (housing["offers"], housing["interests"], housing["offers_without_interest"]) == (
        "2",
        "1",
        "1",
    )
    assert rows[("theme", "housing")]["label"] == "Housing and living conditions"


def test_the_report_prints_a_table_and_the_unanswered_offers(
    run_cli, world: World, db, settings, frozen
) -> None:
    ids = _activity(db, settings)
    lines = run_cli("offers", "report").stdout.splitlines()
    assert lines[0].split() == [
        "scope",
        "key",
        "offers",
        "open",
        "filled",
        "interests",
        "intros",
        "countries",
    ]
    assert lines[1].split() == ["call", "INTERREG-RO-HU-2027", "1", "1", "0", "1", "1", "HU,RO"]
    assert lines[-1] == f"offers with no interest: {ids['lonely']}"


def test_an_empty_report_says_so(run_cli, db) -> None:
    assert run_cli("offers", "report").stdout.strip() == "no partnership offers yet"


def test_list_shows_a_posters_offers_and_those_that_fit_a_member(
    run_cli, world: World, db, settings, frozen
) -> None:
    ids = _activity(db, settings)
    mine = run_cli("offers", "list", "--participant", "strasbourg").stdout.splitlines()
    assert [line.split("\t")[:2] for line in mine] == [[str(ids["schools"]), "filled"]]
    fitting = run_cli("offers", "list", "--fitting", "timisoara").stdout.splitlines()
    # Cluj's Interreg offer is cross-border (Timișoara is Romanian too); Pécs's offer fits.
    assert [line.split("\t")[0] for line in fitting] == [str(ids["lonely"])]
    assert "partners sought in any country" in fitting[0]
