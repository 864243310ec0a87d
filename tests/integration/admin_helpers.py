"""Staff accounts, logged-in clients and leads for the admin tests."""

import secrets
from datetime import timedelta

from creditdesk.admin.accounts import create_staff
from creditdesk.extensions import db
from creditdesk.models import AssessmentResult, Lead, now_utc

PASSWORD = "plum-orchard-lantern-42"


def make_staff(app, email="admin@example.com", role="admin", password=PASSWORD) -> int:
    """Create a staff account; return its id."""
    with app.app_context():
        user = create_staff(email, password, role)
        db.session.commit()
        user_id = user.id
        db.session.remove()
    return user_id


def login(client, email="admin@example.com", password=PASSWORD, **kwargs):
    return client.post("/admin/login", data={"email": email, "password": password}, **kwargs)


def logged_in(app, role="admin", email=None):
    """Return a test client logged in as a new staff member of `role`."""
    email = email or f"{role}@example.com"
    make_staff(app, email=email, role=role)
    client = app.test_client()
    response = login(client, email)
    assert response.status_code == 302, response.data[:500]
    return client


def make_lead(app, **fields) -> int:
    """Insert a lead with sensible defaults; return its id."""
    values = {
        "reference": "R" + secrets.token_hex(5).upper(),
        "idempotency_key": secrets.token_hex(16),
        "need": "credit_insurance",
        "name": "张伟",
        "phone_e164": "+8613800138000",
        "phone_raw": "138 0013 8000",
        "company": "上海华信贸易有限公司",
        "detail": "我们想了解贸易信用保险的费率和理赔流程。",
        "source_page": "consult",
        "status": "new",
    }
    values.update(fields)
    with app.app_context():
        lead = Lead(**values)
        db.session.add(lead)
        db.session.commit()
        lead_id = lead.id
        db.session.remove()
    return lead_id


def make_result(app, band="D", need="2500000.00", score=40, days_ago=0) -> int:
    """Insert a self-check result with a small explained result; return its id."""
    result = {
        "score": score,
        "band": {"code": band, "label": {"zh": "较高风险", "en": "high"}, "min": 35, "max": 49},
        "factors": [{"id": "payment_record", "label": {"zh": "付款记录", "en": "Payment record"},
                     "answer_text": {"zh": "逾期 31–60 天", "en": "31–60 days late"},
                     "points": 2, "max": 15, "gap": 13,
                     "why": {"zh": "逾期超过 30 天的企业违约率更高", "en": "Late payers fail more"},
                     "source": "D&B",
                     "tip": {"zh": "提供 12 个月回款记录", "en": "Show receipts"}}],
        "limit": {"need": need, "suggested": "750000", "unverified": False},
        "terms": {"payment": {"zh": "信用证", "en": "Letter of credit"},
                  "security": {"zh": "银行保函", "en": "Bank guarantee"}},
        "overrides": [],
    }
    with app.app_context():
        row = AssessmentResult(definition_id="credit-risk-selfcheck", definition_version="t",
                               answers={}, score=score, band=band, result=result,
                               created_at=now_utc() - timedelta(days=days_ago))
        db.session.add(row)
        db.session.commit()
        result_id = row.id
        db.session.remove()
    return result_id
