"""Write the aging-report fixture files (run once; the files are committed).

    python tests/unit/aging/make_fixtures.py

Each file is named after the one case it covers, as pelican's test content is.
"""

import io
import re
import struct
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent / "fixtures"
ZH_INVOICE = ("客户名称", "发票号", "开票日期", "到期日", "未收金额（元）", "币种")
EN_BUCKETS = ("Customer", "Current", "1-30 days", "31-60 days", "61-90 days", "91-180 days",
              "Over 180 days", "Total")
ZH_BUCKETS = ("客户", "未到期", "逾期1-30天", "逾期31-60天", "逾期61-90天", "逾期91-180天",
              "180天以上", "合计")


def xlsx(rows, title="账龄表", build=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    if build:
        build(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(name: str, data: bytes | str, encoding="utf-8") -> None:
    (HERE / name).write_bytes(data.encode(encoding) if isinstance(data, str) else data)


def csv_text(rows) -> str:
    return "".join(",".join(f'"{c}"' if "," in str(c) else str(c) for c in row) + "\r\n"
                   for row in rows)


def ole(streams: list[str]) -> bytes:
    """Return a minimal OLE compound file whose directory names these streams."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
    struct.pack_into("<IIIIII", header, 44, 1, 1, 0, 4096, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    fat = struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * (512 - 8)
    directory = bytearray()
    for name in ["Root Entry", *streams]:
        entry = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        entry[:len(raw)] = raw
        struct.pack_into("<H", entry, 64, len(raw))
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    directory += b"\0" * (512 - len(directory) % 512)
    return bytes(header) + fat + bytes(directory)


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Add the values Excel would have saved after formula cells (openpyxl writes none)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for ref, value in values.items():
                    body = re.sub(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f>(<v\s*/>|<v></v>)?'.encode(),
                                  rf"\1<f>\2</f><v>{value}</v>".encode(), body)
            target.writestr(item, body)
    return out.getvalue()


def main() -> None:
    HERE.mkdir(exist_ok=True)
    invoices = [
        ZH_INVOICE,
        ("华东机械有限公司", "F001", "2025-05-01", "2025-06-30", "¥120,000.00", "人民币"),
        ("华东机械有限公司", "F002", "2025/7/9", "2025/8/8", "３５，０００", "RMB"),
        ("南方贸易有限公司", "F003", "2025年3月1日", "2025年4月1日", "80000", "CNY"),
        ("南方贸易有限公司", "CN01", "2025-09-01", "2025-10-01", "-5,000", ""),
        ("北方科技", "F004", "45900", "45930", "10000.50", ""),
        ("", "", "", "", "", ""),
        ("合计", "", "", "", "240000.50", ""),
    ]
    write("invoices_zh.csv", csv_text(invoices))
    write("invoices_gbk.csv", csv_text(invoices), "gb18030")
    wan = [("客户", "到期日", "余额（万元）"), ("甲公司", "2025年9月30日", "１２.５"),
           ("乙公司", "2025-10-31", "(0.5)")]
    write("invoices_wanyuan.csv", csv_text(wan))
    write("invoices_no_due_date.csv", csv_text([("客户", "开票日期", "金额"),
                                                ("甲公司", "2025-07-17", "1000")]))
    write("invoices_unnamed_subtotals.csv", csv_text([
        ("客户", "到期日", "金额"), ("甲公司", "2025-07-17", "1000"), ("", "2025-07-17", "500"),
        ("", "", ""), ("乙公司", "2025-09-01", "200"), ("", "", "1200")]))
    write("invoices_en.xlsx", xlsx([
        ("Receivables aging report", None, None, None, None),
        (None, None, None, None, None),
        ("Customer name", "Invoice no", "Invoice date", "Due date", "Open amount", "Currency"),
        ("Acme Ltd", "INV-1", date(2025, 6, 1), date(2025, 7, 1), 50000, "CNY"),
        ("Acme Ltd", "INV-2", date(2025, 9, 1), date(2025, 11, 1), 25000.25, "CNY"),
        ("Beta Co", "INV-3", 45700, 45730, "12,000", "CNY"),
        ("Gamma GmbH", "INV-4", date(2025, 9, 1), date(2025, 10, 1), 9000, "EUR"),
    ], title="AR"))
    bucket_rows = [("华东机械", 100000, 20000, 0, 0, 30000, 0, 150000),
                   ("南方贸易", 50000, 0, 10000, 5000, 0, 40000, 105000),
                   ("合计", 150000, 20000, 10000, 5000, 30000, 40000, 255000)]
    write("buckets_zh.xlsx", xlsx([ZH_BUCKETS, *bucket_rows]))
    write("buckets_en.csv", csv_text([EN_BUCKETS, ("Acme Ltd", "10,000", "5,000", 0, 0, 0,
                                                   "2,000", "17,000"),
                                      ("Beta Co", 0, 0, "-", 1000, 0, 0, 1000)]))
    # Bad files, one case each.
    write("wrong_type.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n")
    write("renamed_binary.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write("renamed_binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    write("empty.csv", b"")
    write("blank_lines.csv", "\r\n,,\r\n \r\n")
    write("no_header.csv", csv_text([("名称", "数量", "单价"), ("螺丝", 100, "0.5")]))
    write("encrypted.xlsx", ole(["EncryptionInfo", "EncryptedPackage"]))
    write("old_format.xls", ole(["Workbook", "SummaryInformation"]))
    good = xlsx([ZH_BUCKETS, *bucket_rows])
    write("corrupt.xlsx", good[: len(good) // 2])
    write("not_a_workbook.xlsx", _zip({"word/document.xml": b"<w:document/>"}))
    formulas = [("客户", "到期日", "未收金额"), ("甲公司", "2025-06-30", "=1000*2"),
                ("乙公司", "2025-09-30", "=SUM(3000,4000)")]
    write("formulas_no_values.xlsx", xlsx(formulas))
    write("formulas_with_values.xlsx", with_cached_values(xlsx(formulas),
                                                          {"C2": "2000", "C3": "7000"}))

    def merge(book, sheet):
        sheet.merge_cells("A1:C1")
        sheet.merge_cells("A3:A5")
    write("merged_cells.xlsx", xlsx([
        ("应收账款账龄明细表", None, None), ("客户", "到期日", "未收金额"),
        ("华东机械", "2025-06-30", 1000), (None, "2025-07-31", 2000), (None, "2025-10-31", 3000),
        ("南方贸易", "2025-09-30", 500)], build=merge))

    def hide(book, sheet):
        sheet.sheet_state = "hidden"
        visible = book.create_sheet("明细")
        for row in [("客户", "到期日", "未收金额"), ("丙公司", "2025-08-31", 8000)]:
            visible.append(row)
    write("hidden_sheets.xlsx", xlsx([("旧表",), ("不要读这里",)], title="旧数据", build=hide))
    write("zip_bomb.xlsx", _zip({"[Content_Types].xml": b"<Types/>",
                                 "xl/workbook.xml": b"<workbook/>",
                                 "xl/worksheets/sheet1.xml": b"<" + b"0" * (60 * 1024 * 1024)}))
    bad = [("客户", "到期日", "未收金额")]
    bad += [(f"客户{i}", "2025-13-45", "1000") for i in range(1, 13)]
    bad += [(f"客户{i}", "2025-06-30", "一千元") for i in range(13, 24)]
    bad += [("客户24", "7/9/2025", "1000"), ("客户25", "", "1000"),
            ("客户26", "2025-06-30", "1000")]
    write("bad_dates_amounts.csv", csv_text(bad))
    many = ["客户,到期日,未收金额"] + [f"C{i % 50},45800,{i}" for i in range(20_001)]
    write("too_many_rows.csv", "\n".join(many) + "\n")


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


if __name__ == "__main__":
    main()
