"""Downloadable aging-report templates: both layouts, CSV and XLSX, in the visitor's language."""

import csv
import io
from datetime import date, timedelta

from ..i18n import is_zh

HEADERS = {
    ("invoices", True): ["客户名称", "发票号", "开票日期", "到期日", "未收金额（元）", "币种"],
    ("invoices", False): ["Customer", "Invoice no", "Invoice date", "Due date", "Open amount",
                          "Currency"],
    ("buckets", True): ["客户名称", "未到期", "逾期1-30天", "逾期31-60天", "逾期61-90天",
                        "逾期91-180天", "180天以上"],
    ("buckets", False): ["Customer", "Current", "1-30 days", "31-60 days", "61-90 days",
                         "91-180 days", "Over 180 days"],
}
CUSTOMERS = {True: ["示例客户甲有限公司", "示例客户乙有限公司", "示例客户丙有限公司"],
             False: ["Example Customer A Ltd", "Example Customer B Ltd", "Example Customer C Ltd"]}
LAYOUTS, FORMATS = ("invoices", "buckets"), ("csv", "xlsx")


def template_rows(layout: str, today: date) -> list[list]:
    zh = is_zh()
    names = CUSTOMERS[zh]
    rows: list[list] = [HEADERS[layout, zh]]
    if layout == "buckets":
        rows += [[names[0], 120000, 30000, 0, 0, 0, 0], [names[1], 80000, 0, 15000, 0, 5000, 0],
                 [names[2], 0, 0, 0, 0, 0, 26000]]
        return rows
    currency = "人民币" if zh else "CNY"
    for i, (name, days, amount) in enumerate([(names[0], 10, 58000), (names[0], -20, 42000),
                                              (names[1], 45, 36500.5), (names[2], 200, 26000)]):
        due = today - timedelta(days=days)
        rows.append([name, f"FP{i + 1:05d}", due - timedelta(days=60), due, amount, currency])
    return rows


def template_file(layout: str, fmt: str, today: date) -> bytes:
    rows = template_rows(layout, today)
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        for row in rows:
            writer.writerow([v.isoformat() if isinstance(v, date) else v for v in row])
        return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "账龄表" if is_zh() else "Aging"
    for row in rows:
        sheet.append(row)
    for column in "ABCDEFG":
        sheet.column_dimensions[column].width = 18
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
