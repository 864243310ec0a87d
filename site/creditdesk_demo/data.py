"""Fake Chinese names, companies, requests and pipeline history for `flask demo seed`."""

import random
import secrets
from datetime import timedelta

from creditdesk.library import library
from creditdesk.models import LeadStatus

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
         "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强", "丽华",
         "文博", "子涵", "欣怡", "浩然", "雨桐", "俊杰", "思远", "佳琪", "嘉怡"]
CITIES = ["上海", "深圳", "广州", "杭州", "苏州", "宁波", "东莞", "佛山", "青岛", "厦门", "天津",
          "成都", "武汉", "无锡", "温州", "义乌", "南京", "合肥", "郑州", "长沙"]
WORDS = ["华信", "恒达", "鼎盛", "瑞丰", "宏远", "金泰", "永昌", "中联", "汇通", "新丰", "博远",
         "盛世", "东方", "锦程", "凯旋", "安泰", "万和", "嘉禾", "天成", "联创"]
TRADES = ["贸易", "电子科技", "机械制造", "纺织品", "化工", "食品", "汽车配件", "医疗器械",
          "家居用品", "建材", "包装材料", "进出口", "物流", "服装", "五金"]
NEEDS = ["credit_insurance"] * 4 + ["credit_assessment"] * 3 + ["receivables"] * 3 + \
        ["credit_terms"] * 2 + ["other"]
DETAILS = [
    "我们主要做{trade}出口，{n}家海外客户赊销，账期{days}天，想了解贸易信用保险的费率和理赔流程。",
    "有一家老客户最近付款越来越慢，已经逾期{late}天，金额约{amount}万元，想咨询催收方案。",
    "新开发了一个{city}的大客户，对方要求{days}天账期，想先做一份信用报告评估风险。",
    "公司应收账款占比较高，DSO 超过{days}天，希望建立客户信用额度和付款条件的管理制度。",
    "想给主要买方设定合理的信用额度，每月销售额大约{amount}万元，请联系我。",
    "请问你们能否帮忙查询一家{city}企业的经营异常和涉诉记录？",
    "我们是{trade}生产企业，年销售额约{amount}千万元，考虑投保短期出口信用保险。",
]
NOTES = ["已电话联系，客户下周提供近两年财务报表。", "客户对保险费率敏感，发送了方案对比。",
         "约好周四上门拜访。", "暂无需求，三个月后再跟进。", "已发送信用报告样本。",
         "客户确认意向，转给承保团队报价。", "电话未接通，已发短信。"]
SELF_CHECK = "self-check"  # the consultation form's source for requests from a result
SPAM_REASONS = ["honeypot", "too_fast"]
UTM = [("baidu", "cpc", "credit-insurance"), ("wechat", "social", "article-share"),
       ("zhihu", "referral", ""), ("newsletter", "email", "monthly")]


def sources() -> list[str]:
    """Return where demo requests come from: article slugs, the self-check, home, /consult."""
    slugs = list(library().slugs) or ["credit-protection"]
    return slugs + [SELF_CHECK] * max(3, len(slugs) // 2) + ["home", "consult", "consult"]


def number_answer(question_id: str, rng: random.Random) -> str:
    """Return a plausible typed number for a self-check question."""
    million = 1_000_000
    values = {
        "monthly_sales": rng.choice([5, 10, 30, 50, 80, 120, 200, 500]) * 10_000,
        "terms_days": rng.choice([0, 30, 45, 60, 90, 120]),
        "net_worth": rng.choice(["unknown", 2 * million, 10 * million, 300 * million]),
        "working_capital": rng.randint(-5, 40) * million,
        "retained_earnings": rng.randint(-10, 60) * million,
        "ebit": rng.randint(-5, 20) * million,
        "book_equity": rng.randint(5, 200) * million,
        "total_liabilities": rng.randint(5, 300) * million,
    }
    return str(values.get(question_id, rng.randint(1, 100)))


def fake_phone(rng: random.Random) -> str:
    if rng.random() < 0.04:  # a few foreign buyers' agents
        return "+44" + "7" + "".join(rng.choices("0123456789", k=9))
    return "+861" + rng.choice("3456789") + "".join(rng.choices("0123456789", k=9))


def fake_lead(rng: random.Random, created_at, sources_list: list[str]) -> dict:
    city, trade = rng.choice(CITIES), rng.choice(TRADES)
    company = f"{city}{rng.choice(WORDS)}{trade}有限公司" if rng.random() < 0.75 else None
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) if rng.random() < 0.85 else None
    phone = fake_phone(rng)
    detail = rng.choice(DETAILS).format(trade=trade, city=city, n=rng.randint(2, 40),
                                        days=rng.choice([30, 60, 90, 120]),
                                        late=rng.randint(15, 180), amount=rng.randint(5, 900))
    source = rng.choice(sources_list)
    utm = rng.choice(UTM) if rng.random() < 0.3 else (None, None, None)
    return {
        "reference": "D" + secrets.token_hex(6).upper(),
        "idempotency_key": secrets.token_hex(16),
        "need": rng.choice(NEEDS), "name": name, "phone_e164": phone,
        "phone_raw": phone.replace("+86", "") if rng.random() < 0.7 else phone,
        "company": company,
        "email": f"{secrets.token_hex(3)}@example.com" if rng.random() < 0.4 else None,
        "detail": detail, "consent_at": created_at, "privacy_version": "2026-01",
        "locale": "zh_CN" if rng.random() < 0.92 else "en",
        "source_page": source, "referrer": "https://www.baidu.com/" if utm[0] == "baidu" else None,
        "utm_source": utm[0], "utm_medium": utm[1], "utm_campaign": utm[2] or None,
        "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) MicroMessenger",
        "ip_hash": secrets.token_hex(16), "created_at": created_at, "updated_at": created_at,
        "status": LeadStatus.NEW.value, "spam_reason": None, "assignee_id": None,
        "assessment_result_id": None,
    }


def give_pipeline(lead: dict, rng: random.Random, staff: list[int], now) -> None:
    """Move older leads along: most new ones are untouched, old ones are mostly closed."""
    if rng.random() < 0.04:
        lead["status"], lead["spam_reason"] = LeadStatus.SPAM.value, rng.choice(SPAM_REASONS)
        return
    age_days = (now - lead["created_at"]).days
    ladder = ["new", "contacted", "qualified", "won", "lost"]
    weights = [max(1, 10 - age_days), 4, 2, min(age_days / 10, 3), min(age_days / 8, 4)]
    lead["status"] = rng.choices(ladder, weights)[0]
    if staff and lead["status"] != "new" or staff and rng.random() < 0.2:
        lead["assignee_id"] = rng.choice(staff)
    if lead["status"] != "new":
        lead["updated_at"] = min(now, lead["created_at"] + timedelta(days=rng.randint(0, 10)))
    give_follow_up(lead, now)


STEP_ACTIONS = ("call", "call", "call", "email", "visit", "proposal", "other")


def give_follow_up(lead: dict, now) -> None:
    """A first response for worked leads, and a next step (some overdue) for most open
    assigned ones. Drawn from the lead's own random stream, so the other fields a seed
    gives stay as they were."""
    own = random.Random(f"{lead['created_at'].isoformat()}|{lead['phone_e164']}")
    lead.update(first_response_at=None, next_action=None, next_due_at=None, next_note=None)
    if lead["status"] != "new":
        answered = lead["created_at"] + timedelta(minutes=own.randint(10, 36 * 60))
        lead["first_response_at"] = min(answered, lead.get("updated_at") or now, now)
    if (lead["assignee_id"] is not None and lead["status"] in ("new", "contacted", "qualified")
            and own.random() < 0.75):
        lead["next_action"] = own.choice(STEP_ACTIONS)
        lead["next_due_at"] = now + timedelta(minutes=own.randint(-3 * 24 * 60, 7 * 24 * 60))


def history(leads: list[dict], ids: list[int], rng: random.Random, staff: list[int]):
    """Return notes and status-change audit rows for leads that were worked."""
    notes, events = [], []
    for lead, lead_id in zip(leads, ids, strict=True):
        if lead["status"] in ("new", "spam"):
            continue
        at = lead["updated_at"]
        actor = rng.choice(staff) if staff else None
        events.append({"at": at, "actor_id": actor, "action": "status", "lead_id": lead_id,
                       "detail": {"from": "new", "to": lead["status"]}})
        if rng.random() < 0.5:
            notes.append({"lead_id": lead_id, "author_id": actor, "body": rng.choice(NOTES),
                          "created_at": at})
    return notes, events


