"""Chinese wording of the notifications (the sales team's language, whatever the visitor's).

Kept as data rather than gettext: the texts never follow the request's locale, and the
worker renders them with no request at all.
"""

# Keys are the stored `Lead.need` values (creditdesk.leads.choices.NEEDS); an unknown
# value is shown as stored.
NEED_LABELS = {
    "credit_insurance": "贸易信用保险",
    "credit_assessment": "客户信用评估与信用报告",
    "receivables": "应收账款管理与催收",
    "credit_terms": "信用额度与付款条件建议",
    "other": "其他",
}

BAND_LABELS = {
    "A": "低风险",
    "B": "较低风险",
    "C": "中等风险",
    "D": "较高风险",
    "E": "高风险",
}

TITLE = "新咨询 {reference}"
SUBJECT = "新咨询 {reference}: {need}"
INTRO = "网站收到一条新的咨询请求。"
ADMIN_LINK = "在后台查看"
AGING_LINK = "查看账龄诊断"
AGING_OVERDUE = "逾期 90 天以上 {amount}"
EMPTY = "（未填写）"
TYPED_AS = "填写为"

# (fact key, label) in the order every format shows them.
FIELDS = (
    ("reference", "编号"),
    ("need_label", "需求"),
    ("name", "姓名"),
    ("phone", "电话"),
    ("email", "邮箱"),
    ("company", "公司"),
    ("source", "来源"),
    ("band_label", "自评结果"),
    ("aging_label", "账龄诊断"),
    ("created_local", "提交时间"),
)
DETAIL = "咨询内容"
