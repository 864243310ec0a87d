"""Chinese wording of the notifications (the sales team's language, whatever the visitor's).

Kept as data rather than gettext: the texts never follow the request's locale, and the
worker renders them with no request at all.
"""

TITLE = "新咨询 {reference}"
SUBJECT = "新咨询 {reference}: {need}"
INTRO = "网站收到一条新的咨询请求。"
# A request given to one salesperson (automatically or by a colleague).
ASSIGNED_TITLE = "分配给你 {reference}"
ASSIGNED_SUBJECT = "分配给你 {reference}: {need}"
ASSIGNED_INTRO = "一条咨询请求已分配给你，请尽快联系。"
ADMIN_LINK = "在后台查看"
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
    ("created_local", "提交时间"),
)
DETAIL = "咨询内容"
