"""Helpers for the consultation form tests: read a rendered form, send it, read leads."""

from html.parser import HTMLParser

from creditdesk.extensions import db
from creditdesk.models import Lead

VALID = {
    "need": "credit_insurance",
    "name": "张三",
    "phone": "13800138000",
    "detail": "我们的几个海外客户经常延期付款,想了解信用保险能否覆盖。",
    "company": "深圳某某贸易有限公司",
    "email": "zhang@example.com",
    "consent": "y",
}
HIDDEN = ("form_token", "source_page", "assessment_token", "csrf_token")


class _Inputs(HTMLParser):
    """Collect the hidden inputs of the first consultation form on a page."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_form = self.done = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == "/consult" and not self.done:
            self.in_form = True
        elif tag == "input" and self.in_form and attrs.get("name") in HIDDEN:
            self.values[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def hidden_fields(html: str) -> dict[str, str]:
    parser = _Inputs()
    parser.feed(html)
    return parser.values


def form_data(client, url="/consult", **fields) -> dict:
    """Render the form at url and return its hidden fields with valid answers."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    hidden = hidden_fields(response.get_data(as_text=True))
    assert "form_token" in hidden, "no consultation form on " + url
    data = {**hidden, **VALID}
    for name, value in fields.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def all_leads(app) -> list[Lead]:
    with app.app_context():
        rows = db.session.execute(db.select(Lead).order_by(Lead.id)).scalars().all()
        db.session.expunge_all()
        db.session.remove()
    return rows


def field_errors(html: str) -> dict[str, str]:
    """Return {field name: message} from a re-rendered form (ids end in -error)."""
    import re

    return {
        m.group(1): m.group(2)
        for m in re.finditer(r'<p class="field-error" id="(?:cb-)?(\w+)-error">([^<]*)</p>', html)
    }
