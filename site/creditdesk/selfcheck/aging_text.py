"""The health check's words: file problems, cell problems, buckets and actions, translated."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..aging import AgingError, RowProblem
from ..i18n import is_zh
from ..templating import money
from .presenters import number, percent

BUCKET_LABELS = {
    "current": _l("Not yet due"),
    "1-30": _l("1–30 days overdue"),
    "31-60": _l("31–60 days overdue"),
    "61-90": _l("61–90 days overdue"),
    "91-180": _l("91–180 days overdue"),
    "180+": _l("Over 180 days overdue"),
}
FIELD_LABELS = {
    "customer": _l("customer"),
    "amount": _l("open amount"),
    "due_date": _l("due date"),
    "invoice_date": _l("invoice date"),
    "currency": _l("currency"),
    **{key: label for key, label in BUCKET_LABELS.items()},
}


def file_message(err: AgingError) -> str:
    """Return one sentence for a file we cannot use, in the visitor's language."""
    p = err.params
    messages = {
        "wrong_type": lambda: _("Files of type %(ext)s cannot be read. Please upload the aging"
                                " report as an Excel workbook (.xlsx) or a CSV file.",
                                ext=p["ext"]),
        "old_xls": lambda: _("This is an old-format Excel file (.xls). Please open it in Excel"
                             " or WPS and save it as .xlsx, then upload it again."),
        "too_large": lambda: _("The file is larger than %(mb)s MB. Please upload only the aging"
                               " sheet, or save it as CSV.", mb=p["mb"]),
        "empty": lambda: _("The file is empty. Please check you picked the right file."),
        "not_a_table": lambda: _("This file is named %(ext)s but is not an Excel workbook or a"
                                 " CSV text file. Please export the report again from Excel or"
                                 " your accounting system.", ext=p["ext"]),
        "encrypted": lambda: _("The workbook is password-protected, so it cannot be read. Please"
                               " remove the password (File › Info › Protect workbook) and save a"
                               " copy, then upload that copy."),
        "corrupt": lambda: _("The workbook is damaged and cannot be read. Please open it in Excel"
                             " or WPS, save it again as .xlsx and upload the new file."),
        "corrupt_csv": lambda: _("The CSV file is damaged (for example an unclosed quotation"
                                 " mark). Please export it again."),
        "zip_bomb": lambda: _("This workbook would expand to more than %(mb)s MB when opened,"
                              " far more than an aging report needs, so it was not opened. Please"
                              " upload only the aging sheet.", mb=p["mb"]),
        "no_visible_sheet": lambda: _("Every sheet of this workbook is hidden. Please unhide the"
                                      " aging sheet and save the file again."),
        "no_header": lambda: _no_header(p.get("found") or []),
        "too_many_rows": lambda: _("The file has %(rows)s data rows; at most %(max)s can be"
                                   " checked at once. Please split it, for example by region or"
                                   " by customer group, or upload one row per customer.",
                                   rows=number(p["rows"], 0), max=number(p["max"], 0)),
        "no_rows": lambda: _("We found the header row but no open amounts below it."),
        "bad_rows": lambda: _("%(count)s cells could not be read. Please correct them and upload"
                              " the file again:", count=number(p["count"], 0)),
    }
    return messages.get(err.code, lambda: _("This file cannot be read."))()


def _no_header(found: list[str]) -> str:
    need = _("We need a header row with either customer, due date and open amount columns (one"
             " row per invoice), or customer and the six aging columns from “not yet due” to"
             " “over 180 days” (one row per customer). The template shows both.")
    if not found:
        return _("No header row we recognise in the first 30 rows. %(need)s", need=need)
    names = ", ".join(str(FIELD_LABELS.get(f, f)) for f in found)
    return _("The best header row we found names only: %(found)s. %(need)s", found=names,
             need=need)


def problem_message(problem: RowProblem) -> str:
    """Return 'Row 12, due date: “2025-13-45” is not a date we can read.'"""
    field = FIELD_LABELS.get(problem.field, problem.field)
    texts = {
        "bad_date": _("“%(value)s” is not a date we can read; write it like 2025-07-09,"
                      " 2025/7/9 or 2025年7月9日.", value=problem.value),
        "ambiguous_date": _("“%(value)s” could be day/month or month/day; write it like"
                            " 2025-07-09.", value=problem.value),
        "missing_date": _("the date is missing."),
        "bad_amount": _("“%(value)s” is not an amount we can read; write it like 12,345.67.",
                        value=problem.value),
        "amount_too_large": _("“%(value)s” is larger than any ledger holds; please check the"
                              " amount and its unit.", value=problem.value),
        "formula_no_value": _("this is a formula whose result was never saved. Open the file"
                              " in Excel or WPS, save it, and upload it again."),
    }
    return _("Row %(row)s, %(field)s: %(problem)s", row=problem.row, field=field,
             problem=texts.get(problem.code, problem.code))


def action_text(action: dict) -> tuple[str, str]:
    """Return the title and the explanation of a chosen action."""
    p = action["params"]
    texts = {
        "collect_over_90": lambda: (
            _("Chase the %(amount)s more than 90 days overdue", amount=money(p["amount"])),
            ngettext("%(num)d customer owes money more than 90 days past due. Call them this"
                     " week, agree a payment plan in writing, stop new deliveries on open account"
                     " until they pay, and prepare a formal demand where talks fail.",
                     "%(num)d customers owe money more than 90 days past due. Call them this"
                     " week, agree a payment plan in writing, stop new deliveries on open account"
                     " until they pay, and prepare a formal demand where talks fail.",
                     p["customers"])),
        "provision": lambda: (
            _("Provide for %(amount)s of expected credit losses", amount=money(p["amount"])),
            _("At the illustrative rates the expected loss is %(share)s of your receivables. Check"
              " the rates against your own collection history and book the provision before"
              " year end.", share=percent(p["share"]))),
        "overdue_process": lambda: (
            _("Tighten collection: %(share)s of the ledger is overdue", share=percent(p["share"])),
            _("Send statements before the due date, remind on day 1, call on day 15 and escalate"
              " on day 30 with a named owner for each step.")),
        "reduce_dso": lambda: (
            _("Bring DSO down from %(dso)s days", dso=number(p["dso"], 0)),
            _("Customers take about %(dso)s days to pay. Every 10 days less frees about a"
              " thirty-sixth of a year's credit sales in cash.", dso=number(p["dso"], 0))),
        "finance_receivables": lambda: (
            _("Consider financing the receivables"),
            _("With a DSO of %(dso)s days, factoring or supply-chain finance can turn invoices"
              " into cash while you collect.", dso=number(p["dso"], 0))),
        "concentration": lambda: (
            _("Reduce reliance on your largest customers"),
            _("The largest customer holds %(top1)s of the receivables (Herfindahl index"
              " %(hhi)s). Set a credit limit per customer and consider credit insurance for the"
              " large exposures.", top1=percent(p["top1"]), hhi=number(p["hhi"], 0))),
        "credit_notes": lambda: (
            _("Clear %(n)s open credit notes", n=p["count"]),
            _("Credit notes worth %(amount)s are still open: each one usually means a dispute"
              " or a return. Settle and apply them so that the ledger shows what customers really"
              " owe.", amount=money(p["amount"]))),
        "limits": lambda: (
            _("Review credit limits once a year"),
            _("Keep a written limit for every customer and review it with fresh figures.")),
        "check_customers": lambda: (
            _("Check new and growing customers"),
            _("Look up public records and payment behaviour before raising a limit.")),
        "terms": lambda: (
            _("Match payment terms to each customer's risk"),
            _("Shorter terms or security for weaker customers keep the ledger healthy.")),
    }
    return texts[action["id"]]()


def hhi_reading(hhi: int) -> str:
    """Say what a Herfindahl index (0–10,000) means for a ledger."""
    if hhi < 1500:
        return _("spread over many customers")
    if hhi < 2500:
        return _("moderately concentrated")
    return _("highly concentrated")


def file_notes(d: dict) -> list[str]:
    """Return what the visitor should know about how the file was read."""
    notes = []
    if d.get("sheet"):
        notes.append(_("Sheet read: “%(sheet)s” (the first visible sheet).", sheet=d["sheet"]))
    if d.get("hidden_sheets"):
        separator = "、" if is_zh() else ", "
        notes.append(_("Hidden sheets skipped: %(names)s.",
                       names=separator.join(d["hidden_sheets"])))
    if d.get("merged"):
        notes.append(_("%(n)s merged cell ranges: each cell took the value shown in the merged"
                       " cell.", n=d["merged"]))
    if d.get("formulas"):
        notes.append(_("The sheet contains formulas: their results as last saved in Excel were"
                       " read; formulas are never calculated here."))
    if d.get("aged_from_invoice_date"):
        notes.append(_("There is no due-date column, so invoices were aged from their invoice"
                       " date."))
    if d.get("unnamed_rows"):
        notes.append(ngettext("%(num)d row with figures but no customer name was left out (a"
                              " subtotal, most likely).",
                              "%(num)d rows with figures but no customer name were left out"
                              " (subtotals, most likely).", d["unnamed_rows"]))
    for code, rows in (d.get("other_currencies") or {}).items():
        notes.append(ngettext("%(num)d row in %(code)s was left out: only %(main)s amounts are"
                              " added up.",
                              "%(num)d rows in %(code)s were left out: only %(main)s amounts are"
                              " added up.", rows, code=code, main=d["currency"]))
    return notes
