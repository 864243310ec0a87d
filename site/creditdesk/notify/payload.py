"""The facts about a new lead that a notification carries, and how each channel shows them.

Only the e-mail to the configured sales mailbox carries the full phone, e-mail address and
request text: chat groups have more members, keep history forever and messages get
forwarded, so they get a masked phone, a shortened text and a link to the admin (login
required) instead.
"""

import re
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

from ..models.base import now_utc
from ..shared import mask_phone
from . import texts

CHAT_DETAIL_CHARS = 200
# Bidirectional overrides and isolates could make a chat line read differently than it is.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def lead_facts(lead, *, need_label: str, band: tuple[str, str] | None, timezone: str,
               full_contact: bool) -> dict:
    """Return the JSON-safe facts about a (possibly not yet flushed) lead for one row.

    The lead's id and admin link are added at delivery (`with_link`): before the caller's
    commit the lead may have no id yet. `band` is the self-check's (code, label).
    """
    code, label = band or ("", "")
    created: datetime = lead.created_at or now_utc()
    facts = {
        "reference": lead.reference,
        "need": lead.need,
        "need_label": need_label,
        "name": lead.name or "",
        "phone_masked": mask_phone(lead.phone_e164),
        "company": lead.company or "",
        "source_page": lead.source_page or "",
        "utm": {k: v for k in ("source", "medium", "campaign", "term", "content")
                if (v := getattr(lead, f"utm_{k}"))},
        "band": code,
        "band_label": f"{code} {label}".strip(),
        "created_at": created.isoformat(),
        "created_local": created.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M"),
    }
    if full_contact:
        facts.update(phone=lead.phone_e164 or "", phone_raw=lead.phone_raw or "",
                     email=lead.email or "", detail=lead.detail or "")
    else:
        facts["detail"] = truncate(lead.detail or "", CHAT_DETAIL_CHARS)
    return facts


def with_link(facts: dict, lead_id: int, admin_base: str) -> dict:
    """Add the lead's id and its admin page (login required) to stored facts."""
    return dict(facts, id=lead_id, admin_url=f"{admin_base.rstrip('/')}/admin/leads/{lead_id}")


def truncate(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, marking the cut with an ellipsis."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def one_line(text: str) -> str:
    """Collapse whitespace and drop invisible direction controls (for chat lines)."""
    text = unicodedata.normalize("NFC", text).translate(_BIDI)
    return re.sub(r"\s+", " ", text).strip()


def source_text(facts: dict) -> str:
    """Describe where the request came from: page plus any campaign tags."""
    parts = [facts.get("source_page") or ""]
    parts += [f"{k}={v}" for k, v in (facts.get("utm") or {}).items()]
    return " · ".join(p for p in parts if p)


def phone_text(facts: dict) -> str:
    """Return the phone as this row may show it (full in e-mail, masked elsewhere)."""
    phone = facts.get("phone")
    if not phone:
        return facts.get("phone_masked") or ""
    raw = facts.get("phone_raw") or ""
    return f"{phone}（{texts.TYPED_AS} {raw}）" if raw and raw != phone else phone


# Facts the visitor typed or controls (escaped per format); the others are ours.
VISITOR_KEYS = frozenset({"name", "email", "company", "source", "detail"})


def rows(facts: dict) -> list[tuple[str, str, str]]:
    """Return (key, label, value) in display order, skipping facts the row lacks."""
    values = dict(facts, phone=phone_text(facts), source=source_text(facts))
    out = []
    for key, label in texts.FIELDS:
        if key == "email" and "email" not in facts:
            continue  # chat rows never carry the address
        if key == "band_label" and not values.get(key):
            continue  # no self-check linked
        out.append((key, label, values.get(key) or texts.EMPTY))
    return out


ASSIGNED = "assigned"  # facts["notice"] of an assignment notice (else a new-lead notice)


def title(facts: dict, reference: str | None = None) -> str:
    """Return the message's title: a new request, or one assigned to the reader."""
    template = texts.ASSIGNED_TITLE if facts.get("notice") == ASSIGNED else texts.TITLE
    return template.format(reference=facts["reference"] if reference is None else reference)


def subject(facts: dict) -> str:
    template = texts.ASSIGNED_SUBJECT if facts.get("notice") == ASSIGNED else texts.SUBJECT
    return template.format(reference=facts["reference"], need=facts["need_label"])


def intro(facts: dict) -> str:
    return texts.ASSIGNED_INTRO if facts.get("notice") == ASSIGNED else texts.INTRO
