from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.brief.grounding import grounding_problems
from summarizer.brief.schema import Brief
from summarizer.engine.prompts import load_prompt


def test_canned_answer_is_grounded(aleppo_answer: dict[str, Any], aleppo_text: str) -> None:
    brief = Brief.model_validate(aleppo_answer, context={"source": aleppo_text})
    assert grounding_problems(brief, aleppo_text) == []
    assert brief.humanitarian.figures[0].count == 82


def test_every_problem_is_reported_with_its_path(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    bad = copy.deepcopy(aleppo_answer)
    bad["parties"][1]["evidence"] = ["Shiite militias opened the roads for everyone"]
    bad["humanitarian"]["figures"][0]["count"] = 85
    bad["disputed_facts"][1]["disputed_by"] = ["Kremlin"]
    with pytest.raises(ValidationError) as info:
        Brief.model_validate(bad, context={"source": aleppo_text})
    message = str(info.value)
    assert "parties[1].evidence[0]" in message and "does not occur in the article" in message
    assert "humanitarian.figures[0]: count 85 does not occur" in message
    assert "disputed_facts[1].disputed_by: 'Kremlin' is not one of the parties" in message


def test_too_short_quotes_are_not_evidence(aleppo_answer: dict[str, Any], aleppo_text: str) -> None:
    bad = copy.deepcopy(aleppo_answer)
    bad["parties"][0]["evidence"] = ["rebels"]
    with pytest.raises(ValidationError, match="too short to be evidence"):
        Brief.model_validate(bad, context={"source": aleppo_text})


def test_disputants_match_aliases_case_and_leading_article(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    data = copy.deepcopy(aleppo_answer)
    data["disputed_facts"][1]["claimed_by"] = ["the us"]
    data["disputed_facts"][1]["disputed_by"] = ["Russia's"]
    Brief.model_validate(data, context={"source": aleppo_text})


def test_without_source_context_grounding_is_not_checked(aleppo_answer: dict[str, Any]) -> None:
    data = copy.deepcopy(aleppo_answer)
    data["parties"][0]["evidence"] = ["not in any article at all"]
    assert Brief.model_validate(data).parties[0].name == "Syrian rebels"


def test_items_need_evidence_and_unknown_fields_are_refused(aleppo_answer: dict[str, Any]) -> None:
    data = copy.deepcopy(aleppo_answer)
    data["parties"][0]["evidence"] = []
    with pytest.raises(ValidationError, match="evidence"):
        Brief.model_validate(data)
    data = copy.deepcopy(aleppo_answer)
    data["parties"][0]["nickname"] = "x"
    with pytest.raises(ValidationError, match="nickname"):
        Brief.model_validate(data)


def test_the_schema_the_model_reads_is_compact_and_complete() -> None:
    schema = Brief.model_json_schema()
    figure = schema["$defs"]["Figure"]
    assert figure["properties"]["count"] == {"type": ["integer", "null"]}
    assert set(figure["required"]) == {"category", "population", "evidence"}
    assert figure["properties"]["source"]["type"] == ["string", "null"]
    # A field named "title" is a field, not a schema title.
    assert "title" in schema["$defs"]["Representative"]["properties"]
    text = json.dumps(schema)
    assert '"default"' not in text and "additionalProperties" not in text
    assert schema["title"] == "Brief"  # the function's name in tools mode
    assert set(schema["$defs"]["DisputeStatus"]["enum"]) == {
        "contested",
        "unverified",
        "confirmed",
        "retracted",
    }


def test_the_model_facing_description_is_plain() -> None:
    description = Brief.model_json_schema()["description"]
    assert ">>>" not in description
    assert description.startswith("A structured, grounded brief")


def test_invented_facts_outside_quotes_are_caught(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    bad = copy.deepcopy(aleppo_answer)
    bad["situation"]["summary"] = "At least 5,000 civilians were massacred, the Red Cross said."
    bad["situation"]["locations"].append("Damascus")
    bad["situation"]["key_facts"][0]["statement"] = "900 children died in the final assault."
    bad["parties"][3]["representatives"].append({"name": "Abu Invented", "title": "envoy"})
    bad["humanitarian"]["figures"][0]["source"] = "International Committee of the Red Cross"
    problems = grounding_problems(Brief.model_validate(bad), aleppo_text)
    assert any(p.startswith("situation.summary: the number '5,000'") for p in problems)
    assert any(p.startswith("situation.key_facts[0].statement: the number '900'") for p in problems)
    assert any(p.startswith("situation.locations[3]: 'Damascus'") for p in problems)
    assert any(p.startswith("parties[3].representatives[1]: 'Abu Invented'") for p in problems)
    assert any(p.startswith("humanitarian.figures[0].source:") for p in problems)
    assert len(problems) == 5


def test_resolved_dates_prose_one_and_party_sources_are_not_problems(
    aleppo_answer: dict[str, Any], aleppo_text: str
) -> None:
    data = copy.deepcopy(aleppo_answer)
    data["situation"]["summary"] = (
        "On 14 December 2016 one of the rebel groups said at least 82 civilians had been killed."
    )
    data["situation"]["locations"] = ["EASTERN ALEPPO"]  # case is not a fabrication
    # "United States" is not in the article's words ("US" is), but it is a party's name.
    data["humanitarian"]["figures"][0]["source"] = "United States"
    assert grounding_problems(Brief.model_validate(data), aleppo_text) == []


SHORT = (
    "Shelling hit a UN convoy near Kessa on Monday, the Kessa Relief Office said. "
    "A UN driver was wounded. The army and the Kestrel Front blamed each other."
)


def _short_brief(role: str, count: int) -> dict[str, Any]:
    quote = "A UN driver was wounded."
    return {
        "situation": {"summary": "A UN convoy was shelled near Kessa.", "key_facts": []},
        "parties": [
            {"name": "Kestrel Front", "type": "non_state_armed_group", "side": "opposition",
             "role": role, "evidence": ["The army and the Kestrel Front blamed each other."]},
        ],
        "humanitarian": {"figures": [
            {"category": "injured", "count": count, "population": "UN driver", "evidence": [quote]}
        ]},
    }  # fmt: skip


def test_a_capable_models_wording_is_accepted_at_the_first_answer() -> None:
    # Both were re-asked before: "two" was read as an invented number, "a" not as one.
    data = _short_brief("One of the two parties blaming each other for the shelling.", 1)
    brief = Brief.model_validate(data, context={"source": SHORT})
    assert brief.humanitarian.figures[0].count == 1


def test_an_invented_count_is_still_refused() -> None:
    with pytest.raises(ValidationError, match=r"count 2 does not occur"):
        Brief.model_validate(_short_brief("A party.", 2), context={"source": SHORT})
    with pytest.raises(ValidationError, match=r"the number 'three' occurs nowhere"):
        Brief.model_validate(
            _short_brief("Its fighters killed three civilians.", 1), context={"source": SHORT}
        )


def test_the_rules_the_schema_points_to_are_in_the_system_prompt() -> None:
    system = load_prompt("brief").render("x")[0]["content"]
    cited = set(re.findall(r"[Rr]ule (\d)", json.dumps(Brief.model_json_schema())))
    for number in cited:
        assert f"\n{number}. " in system, number
