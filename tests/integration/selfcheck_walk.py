"""Drive the self-check with a test client: one POST per step, as a browser without JS."""

from creditdesk.assessment import parse_answers
from tests.unit.assessment.answersets import DEFINITION, answers_scoring

WORKED = {"monthly_sales": "1,000,000", "terms_days": "60", "net_worth": "20,000,000"}


def band_b_answers() -> dict:
    """Raw answers in band B with the worked example's deal: ¥2,000,000 suggested."""
    return {**answers_scoring(70, with_statements=False), **WORKED}


def step_form(raw: dict, number: int, action: str = "next") -> dict:
    """Return what the browser sends for step `number`: its visible questions' values."""
    section = DEFINITION.sections[number - 1]
    parsed, _ = parse_answers(DEFINITION, raw)
    shown = [qid for qid in section.question_ids if DEFINITION.question(qid).visible(parsed)]
    form = {"action": action, "_q": shown}
    for qid in shown:
        if qid in raw and raw[qid] not in ("", None):
            form[qid] = raw[qid]
    return form


def walk(client, raw: dict, upto: int | None = None):
    """Post every step (or the first `upto`) with `raw`; return the last response."""
    response = None
    for number in range(1, (upto or len(DEFINITION.sections)) + 1):
        response = client.post(f"/self-check/step/{number}", data=step_form(raw, number))
        assert response.status_code == 303, (number, response.get_data(as_text=True)[:2000])
    return response


def complete(client, raw: dict) -> str:
    """Finish the self-check and return the result page's path."""
    response = walk(client, raw)
    location = response.headers["Location"]
    assert location.startswith("/self-check/r/"), location
    return location
