import pytest

from creditdesk.aging.headers import BUCKETS, SYNONYMS, header_key, match_header, scale_of


@pytest.mark.parametrize(("text", "field"), [
    ("客户名称", "customer"), ("Customer Name", "customer"), ("往来单位", "customer"),
    ("未收金额（元）", "amount"), ("Open amount (¥)", "amount"), ("应收余额(万元)", "amount"),
    ("到期日", "due_date"), ("Due Date", "due_date"), ("开票日期", "invoice_date"),
    ("币种", "currency"), ("未到期", "current"), ("Not yet due", "current"),
    ("逾期1-30天", "1-30"), ("1–30 days", "1-30"), ("0-30", "1-30"), ("逾期 31～60 天", "31-60"),
    ("61-90", "61-90"), ("91至180天", "91-180"), ("180天以上", "180+"), ("Over 180 days", "180+"),
    (">180", "180+"), ("181+", "180+"), ("账期30天", None), ("数量", None), (None, None),
])
def test_header_synonyms(text, field):
    assert header_key(text)[0] == field


@pytest.mark.parametrize(("field", "synonym"),
                         [(f, s) for f, syns in SYNONYMS.items() for s in syns])
def test_every_synonym_in_the_table_is_recognised(field, synonym):
    assert header_key(synonym)[0] == field


def test_scale_from_header_unit():
    assert (scale_of("余额（万元）"), scale_of("金额 千元"), scale_of("金额")) == (10_000, 1_000, 1)


def test_better_synonym_wins():
    header = match_header(["客户", "金额", "未收金额", "日期", "到期日"], 1)
    assert header.columns["amount"] == 2 and header.columns["due_date"] == 4


def test_bucket_layout_needs_all_six_buckets():
    cells = ["客户", "未到期", "1-30", "31-60", "61-90", "91-180", "180天以上"]
    assert match_header(cells, 1).layout == "buckets"
    assert match_header(cells[:-1], 1) is None
    assert len(BUCKETS) == 6
