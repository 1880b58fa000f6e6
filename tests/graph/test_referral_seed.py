"""The seeded referral facts: routes with their legal bases, contacts and network memberships,
each with its source and confirmation; nothing a source does not state; mistakes fail loudly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.errors import SeedError
from graph.seed.reader import DATA_DIR, NodeRow, SeedGraph, read_seed


def nodes_of(seed: SeedGraph, label: str) -> list[NodeRow]:
    return [n for n in seed.nodes.values() if n.label == label]


def test_seeded_referral_facts_and_their_sources() -> None:
    seed = read_seed()
    routes = {n.id: n for n in nodes_of(seed, "ReferralRoute")}
    assert set(routes) == {
        "route:eu-s2",
        "route:eu-cross-border-directive",
        "route:nordic-convention",
    }
    basis = {
        (r.start, r.end)
        for r in seed.relationships
        if r.type == "HAS_LEGAL_BASIS" and r.start in routes
    }
    assert ("route:eu-s2", "legal:eu-883-2004-art-20") in basis
    assert ("route:eu-cross-border-directive", "legal:eu-directive-2011-24") in basis
    assert ("route:nordic-convention", "legal:nordic-convention-social-security-2012") in basis
    connects = {
        r.end for r in seed.relationships if r.type == "CONNECTS" and r.start == "route:eu-s2"
    }
    # The EU/EEA routes: the EU members and the EEA states, not the Faroe Islands or Greenland.
    assert connects == {"country:NO", "country:SE", "country:DK", "country:FI", "country:IS"}

    contacts = list(nodes_of(seed, "Contact"))
    served = {r.start for r in seed.relationships if r.type == "HAS_CONTACT"}
    assert (len(contacts), len(served)) == (10, 10)
    assert sum(1 for c in contacts if c.props.get("url")) == 9
    assert sum(1 for c in contacts if any(k.startswith("unit_") for k in c.props)) == 4
    # No source in the reference gives these: none is seeded.
    for contact in contacts:
        assert not {"phone", "email"} & set(contact.props), contact.id
        assert not [k for k in contact.props if k.startswith(("referralAddress_", "openingHours_"))]
        assert contact.props["source"].startswith("https://")
        assert (contact.props["confirmedBy"], str(contact.props["confirmedOn"])) == (
            "nordhub",
            "2026-12-04",
        )
    assert not list(nodes_of(seed, "WaitingTime")) and not list(nodes_of(seed, "ReferralTerms"))
    members = [r for r in seed.relationships if r.type == "MEMBER_OF" and r.end.startswith("ern:")]
    assert sorted((r.start, r.end) for r in members) == [
        ("service:no-kompleks-epilepsi-sse", "ern:epicare"),
        ("service:no-nevromuskulaert-kompetansesenter", "ern:euro-nmd"),
    ]


def _seed_with(tmp_path: Path, text: str) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    path = target / "referrals.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        (
            '[[route]]\nid = "route:x"\nkind = "EU_S2"\ncountries = ["country:NO"]\nsource = "x"\n',
            "connects at least two countries",
        ),
        (
            '[[route]]\nid = "route:x"\nkind = "BY_BOAT"\n'
            'countries = ["country:NO", "country:SE"]\nsource = "x"\n',
            "is not one of",
        ),
        (
            '[[contact]]\nid = "contact:x"\nservice = "service:no-retinoblastom"\nsource = "x"\n'
            "confirmedOn = 2026-12-04\n",
            "confirmedOn and confirmedBy go together",
        ),
        (
            '[[contact]]\nid = "contact:x"\nservice = "org:hod"\nsource = "x"\n',
            "must be a Service",
        ),
        (
            '[[membership]]\nservice = "service:no-retinoblastom"\nnetwork = "ern:nowhere"\n'
            'source = "x"\n',
            "no such id",
        ),
    ],
)
def test_mistakes_in_referral_facts_fail_loudly(tmp_path: Path, record: str, problem: str) -> None:
    with pytest.raises(SeedError, match=problem):
        read_seed(_seed_with(tmp_path, record))
