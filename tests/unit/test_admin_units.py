"""Pure helpers of the admin: phone masks, password policy, priority, export cells."""

from types import SimpleNamespace

import pytest
from flask import Flask

from creditdesk.admin.export import csv_chunks, neutralise
from creditdesk.admin.passwords import (
    common_passwords,
    hash_password,
    needs_rehash,
    policy_errors,
    verify_password,
)
from creditdesk.admin.priority import HIGH, LOW, MEDIUM, lead_priority
from creditdesk.shared import mask_phone, phone_digits


@pytest.mark.parametrize("e164,masked", [
    ("+8613800138000", "138****8000"),
    ("+861012345678", "101****678"),
    ("+447911123456", "+44 791****456"),
    ("+12025550123", "+1 202****123"),
    ("+85212345678", "+852 12****78"),
    (None, ""),
    ("", ""),
    ("garbage12", "12"),
    ("+86123", "*23"),
])
def test_mask_phone(e164, masked):
    assert mask_phone(e164) == masked


def test_phone_digits_reads_full_width():
    assert phone_digits("+86 １３８-0013 8000") == "8613800138000"
    assert phone_digits("张伟") == ""


@pytest.mark.parametrize("password", ["short", "123456789012", "1qaz2wsx3edc", "woaini1314",
                                      "woaini1314520", "Password1234", "aaaaaaaaaaaaaa",
                                      "ababababababab"])
def test_weak_passwords_refused(password):
    assert policy_errors(password)


def test_password_must_not_contain_email_name():
    assert policy_errors("zhangwei-strong-2026", "zhangwei@example.com")
    assert policy_errors("plum-orchard-lantern-42", "zhangwei@example.com") == []


def test_common_list_is_large_and_has_chinese_patterns():
    common = common_passwords()
    assert len(common) >= 1000
    assert {"123456789012", "1qaz2wsx3edc", "woaini1314", "5201314"} <= common


def test_argon2id_round_trip_at_the_production_cost():
    """The one test that hashes at full cost (the others run with a cheap configured cost)."""
    stored = hash_password("plum-orchard-lantern-42")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # RFC 9106 low-memory
    assert verify_password(stored, "plum-orchard-lantern-42")
    assert not verify_password(stored, "plum-orchard-lantern-43")
    assert not verify_password("not a hash", "x")


def row(**values):
    base = dict(status="new", band=None, credit_need=None, need="other", name=None,
                company=None, email=None, detail="", erased_at=None)
    return SimpleNamespace(**{**base, **values})


def test_priority_levels_and_reasons():
    high = lead_priority(row(band="D", credit_need="6000000.00", need="credit_insurance",
                             name="张伟", company="公司", email="a@b.cn"))
    assert high.level == HIGH and "credit need" in high.reason
    medium = lead_priority(row(band="B", need="credit_insurance", name="张伟", company="x"))
    assert medium.level == MEDIUM
    low = lead_priority(row())
    assert low.level == LOW and low.reasons
    assert lead_priority(row(status="spam", band="E")).level == ""
    assert lead_priority(row(credit_need="not a number")).level == LOW


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+86138", "'+86138"), ("-3", "'-3"), ("@SUM", "'@SUM"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("张伟", "张伟"), ("a=b", "a=b"), ("", ""),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_chunks_start_with_bom_and_stream():
    lines = (["a", str(n)] for n in range(250))
    chunks = list(csv_chunks(lines))
    assert chunks[0].startswith("\ufeffa,0\r\n")
    assert len(chunks) == 3
    assert "".join(chunks).count("\r\n") == 250


def test_twelve_characters_is_the_minimum():
    assert policy_errors("plum-orchar") == ["Use at least 12 characters."]  # 11
    assert policy_errors("plum-orchard") == []


def test_the_configured_cost_is_used_and_a_stronger_one_asks_for_a_rehash():
    cheap = Flask(__name__)
    cheap.config.update(PASSWORD_HASH_TIME_COST=1, PASSWORD_HASH_MEMORY_KIB=8,
                        PASSWORD_HASH_PARALLELISM=1)
    with cheap.app_context():
        stored = hash_password("plum-orchard-lantern-42")
        assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
        assert verify_password(stored, "plum-orchard-lantern-42")
        assert not needs_rehash(stored)
    assert needs_rehash(stored)  # outside the app: the production cost is stronger
