"""`flask deploy check`: fatal and warning lines from the configuration alone."""

import pytest

from creditdesk.config import Defaults
from creditdesk.deploy import FATAL, WARNING, check

GOOD = {
    "SITE_URL": "https://www.creditdesk.cn",
    "HTTPS": True,
    "SECRET_KEY": "k" * 64,
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "ORG_NAME": "上海信达信用咨询有限公司",
    "ORG_ADDRESS": "上海市黄浦区中山东一路 18 号",
    "ORG_EMAIL": "privacy@creditdesk.cn",
    "ORG_PHONE": "+86 21 6000 0000",
    "NOTIFY_SALES_EMAIL": ["sales@creditdesk.cn"],
    "NOTIFY_WEBHOOKS": [],
    "TRUSTED_PROXIES": 1,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://creditdesk@db/creditdesk",
}


def levels(config) -> dict[str, str]:
    """Map each line's first words to its level."""
    return {message: level for level, message in check(config)}


def fatal_about(config, word: str) -> bool:
    return any(level == FATAL and word in message for level, message in check(config))


def test_a_production_configuration_has_no_problem():
    assert check(GOOD) == []


@pytest.mark.parametrize(("change", "word"), [
    ({"SITE_URL": ""}, "SITE_URL is not set"),
    ({"SITE_URL": "http://www.creditdesk.cn"}, "not https while HTTPS=true"),
    ({"SITE_URL": "www.creditdesk.cn"}, "not an absolute"),
    ({"SITE_URL": "https://www.creditdesk.cn/site"}, "origin only"),
    ({"SITE_URL": "https://localhost:8000"}, "not a public address"),
    ({"SITE_URL": "https://www.creditdesk.example"}, "not a public address"),
    ({"SECRET_KEY_GENERATED": True}, "SECRET_KEY is not set explicitly"),
    ({"SECRET_KEY": None}, "SECRET_KEY is not set explicitly"),
    ({"SECRET_KEY": "short"}, "shorter than 32"),
    ({"RATELIMIT_STORAGE_URI": "memory://"}, "memory://"),
    ({"RATELIMIT_ENABLED": False}, "RATELIMIT_ENABLED is false"),
    ({"ORG_NAME": Defaults.ORG_NAME}, "ORG_NAME is still the shipped example"),
    ({"ORG_ADDRESS": Defaults.ORG_ADDRESS}, "ORG_ADDRESS is still the shipped example"),
    ({"ORG_EMAIL": Defaults.ORG_EMAIL}, "ORG_EMAIL is still the shipped example"),
    ({"ORG_EMAIL": "someone@example.com"}, "ORG_EMAIL is still the shipped example"),
    ({"ORG_NAME": "  "}, "ORG_NAME is empty"),
    ({"DEBUG": True}, "DEBUG is on"),
])
def test_fatal_problems(change, word):
    assert fatal_about({**GOOD, **change}, word), check({**GOOD, **change})


@pytest.mark.parametrize(("change", "word"), [
    ({"NOTIFY_SALES_EMAIL": [], "NOTIFY_WEBHOOKS": []}, "no notification channel"),
    ({"TRUSTED_PROXIES": 0}, "TRUSTED_PROXIES is 0"),
    ({"SQLALCHEMY_DATABASE_URI": "sqlite:////srv/creditdesk.db"}, "SQLite"),
    ({"ORG_PHONE": ""}, "ORG_PHONE"),
    ({"HTTPS": False, "SITE_URL": "http://www.creditdesk.cn"}, "HTTPS is false"),
])
def test_warnings_only(change, word):
    lines = check({**GOOD, **change})
    assert [level for level, message in lines if word in message] == [WARNING], lines
    assert all(level == WARNING for level, _message in lines)


def test_a_webhook_alone_is_a_notification_channel():
    config = {**GOOD, "NOTIFY_SALES_EMAIL": [], "NOTIFY_WEBHOOKS": ["https://hooks.cn/x"]}
    assert check(config) == []


def test_fatal_lines_come_first():
    config = {**GOOD, "TRUSTED_PROXIES": 0, "RATELIMIT_STORAGE_URI": "memory://"}
    assert [level for level, _m in check(config)] == [FATAL, WARNING]


def test_shipped_defaults_are_fatal_on_every_required_point():
    lines = check({k: getattr(Defaults, k) for k in dir(Defaults) if k.isupper()})
    fatal = " ".join(message for level, message in lines if level == FATAL)
    for word in ("SITE_URL", "SECRET_KEY", "memory://", "ORG_NAME", "ORG_ADDRESS",
                 "ORG_EMAIL"):
        assert word in fatal
