"""Realistic fake leads for trying the workspace and benchmarking it (`flask demo seed`)."""

import random
import secrets
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from creditdesk.assessment import load_definition, parse_answers, score
from creditdesk.assessment.answers import answers_to_json
from creditdesk.assessment.definition import MULTIPLE, NUMBER, SINGLE
from creditdesk.extensions import db
from creditdesk.models import (
    AssessmentResult,
    AuditEvent,
    Lead,
    LeadNote,
    Prospect,
    StaffUser,
    now_utc,
)
from creditdesk.models.lead_index import lead_search_text, result_credit_need

from . import data

BATCH = 2000
DAYS = 60
RESULT_POOL = 300  # distinct scored answer sets, reused: scoring is the slow part


def random_answers(definition, rng: random.Random) -> dict:
    """Return a valid answer set: each visible question answered in order."""
    raw: dict = {}
    for question in definition.questions:
        if not question.visible(raw):
            continue
        if question.type == SINGLE:
            raw[question.id] = rng.choice(question.options).value
        elif question.type == MULTIPLE:
            plain = [o.value for o in question.options if not o.exclusive]
            exclusive = [o.value for o in question.options if o.exclusive]
            if exclusive and rng.random() < 0.6:
                raw[question.id] = [exclusive[0]]
            else:
                raw[question.id] = rng.sample(plain, rng.randint(1, 2))
        elif question.type == NUMBER:
            raw[question.id] = data.number_answer(question.id, rng)
    answers, errors = parse_answers(definition, raw)
    if errors:  # a definition change the generator does not know: fail loudly
        raise ValueError(f"demo answers refused: {dict(errors)}")
    return answers


def result_pool(rng: random.Random, size: int = RESULT_POOL) -> list[dict]:
    """Score random answer sets with the real core; return AssessmentResult column values."""
    path = Path(current_app.config["ASSESSMENTS_DIR"]) / "credit-risk-selfcheck.yaml"
    definition = load_definition(path)
    pool = []
    for _ in range(size):
        answers = random_answers(definition, rng)
        result = score(definition, answers)
        pool.append({
            "definition_id": definition.id, "definition_version": definition.version,
            "answers": answers_to_json(answers), "score": result.score,
            "band": result.band.code, "result": result.to_dict(),
        })
    return pool


def seed(count: int, random_seed: int | None = None) -> dict[str, int]:
    """Insert `count` leads spread over 60 days, with prospects, self-checks and notes."""
    rng = random.Random(random_seed)
    pool = result_pool(rng)
    staff = db.session.execute(sa.select(StaffUser.id)).scalars().all()
    sources = data.sources()
    stats = {"leads": 0, "results": 0, "notes": 0}
    now = now_utc()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        _seed_batch(size, rng, pool, staff, sources, now, stats)
        db.session.commit()
    return stats


def _seed_batch(size, rng, pool, staff, sources, now, stats) -> None:
    leads = [data.fake_lead(rng, now - timedelta(seconds=_age_seconds(rng)), sources)
             for _ in range(size)]
    # About one prospect in twelve sends a second request from the same phone.
    for lead in leads:
        if rng.random() < 0.08:
            lead["phone_e164"] = rng.choice(leads)["phone_e164"]
    phones = sorted({lead["phone_e164"] for lead in leads})
    prospect_ids = _insert_returning(Prospect, [{"phone_e164": p, "created_at": now,
                                                 "last_request_at": now} for p in phones])
    by_phone = dict(zip(phones, prospect_ids, strict=True))
    linked = [lead for lead in leads
              if lead["source_page"] == data.SELF_CHECK or rng.random() < 0.1]
    extra = int(len(linked) * 0.6)  # completions that never became a request
    results = [_result_row(rng, pool, lead["created_at"] - timedelta(minutes=5))
               for lead in linked]
    results += [_result_row(rng, pool, now - timedelta(seconds=_age_seconds(rng)))
                for _ in range(extra)]
    result_ids = _insert_returning(AssessmentResult, results)
    for lead in leads:
        lead["band"] = lead["credit_need"] = None
    for lead, result, result_id in zip(linked, results, result_ids, strict=False):
        # What the ORM's event copies at link time; a bulk insert skips events.
        lead.update(assessment_result_id=result_id, band=result["band"],
                    credit_need=result_credit_need(result["result"]))
    for lead in leads:
        lead["prospect_id"] = by_phone[lead["phone_e164"]]
        data.give_pipeline(lead, rng, staff, now)
        lead["search_text"] = lead_search_text(lead)
    lead_ids = _insert_returning(Lead, leads)
    notes, events = data.history(leads, lead_ids, rng, staff)
    if notes:
        db.session.execute(sa.insert(LeadNote), notes)
    if events:
        db.session.execute(sa.insert(AuditEvent), events)
    stats["leads"] += len(leads)
    stats["results"] += len(results)
    stats["notes"] += len(notes)


def _insert_returning(model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    stmt = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.execute(stmt, rows).scalars())


def _result_row(rng, pool, created_at) -> dict:
    return {**rng.choice(pool), "token": secrets.token_urlsafe(24), "created_at": created_at,
            "locale": "zh_CN"}


def _age_seconds(rng: random.Random) -> int:
    """Spread over 60 days, more recent days busier (traffic grows)."""
    return int(DAYS * 86400 * (1 - rng.random() ** 0.8))

