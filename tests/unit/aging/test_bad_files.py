"""Every bad file gets an error code (the page turns it into a message), never a crash."""

import pytest

from creditdesk.aging import MAX_BYTES, AgingError, diagnose

from .conftest import AS_OF, FIXTURES


@pytest.mark.parametrize(("name", "code"), [
    ("wrong_type.pdf", "wrong_type"),
    ("renamed_binary.xlsx", "not_a_table"),
    ("renamed_binary.csv", "not_a_table"),
    ("empty.csv", "empty"),
    ("blank_lines.csv", "empty"),
    ("no_header.csv", "no_header"),
    ("encrypted.xlsx", "encrypted"),
    ("old_format.xls", "old_xls"),
    ("corrupt.xlsx", "corrupt"),
    ("not_a_workbook.xlsx", "not_a_table"),
    ("zip_bomb.xlsx", "zip_bomb"),
    ("too_many_rows.csv", "too_many_rows"),
    ("bad_dates_amounts.csv", "bad_rows"),
    ("formulas_no_values.xlsx", "bad_rows"),
])
def test_bad_file_is_refused_with_its_code(run, name, code):
    with pytest.raises(AgingError) as caught:
        run(name)
    assert caught.value.code == code


def test_an_old_xls_renamed_to_xlsx_is_named_as_old_format(rates):
    with pytest.raises(AgingError) as caught:
        diagnose((FIXTURES / "old_format.xls").read_bytes(), "report.xlsx", AS_OF, rates)
    assert caught.value.code == "old_xls"


def test_the_size_limit_is_checked_before_reading(rates):
    with pytest.raises(AgingError) as caught:
        diagnose(b"a,b\n" * (MAX_BYTES // 4 + 1), "big.csv", AS_OF, rates)
    assert caught.value.code == "too_large"


def test_zip_bomb_is_refused_by_declared_size_without_expanding(run, monkeypatch):
    import zipfile
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda *a, **k: pytest.fail("expanded"))
    with pytest.raises(AgingError) as caught:
        run("zip_bomb.xlsx")
    assert caught.value.code == "zip_bomb" and caught.value.params["mb"] == 50


def test_too_many_rows_names_the_count_and_limit(run):
    with pytest.raises(AgingError) as caught:
        run("too_many_rows.csv")
    assert caught.value.params == {"rows": 20_001, "max": 20_000}


def test_no_header_says_what_it_found(run):
    with pytest.raises(AgingError) as caught:
        run("no_header.csv")
    assert caught.value.params["found"] == []


def test_bad_cells_are_listed_by_row_up_to_twenty_then_counted(run):
    with pytest.raises(AgingError) as caught:
        run("bad_dates_amounts.csv")
    err = caught.value
    assert len(err.problems) == 25
    assert len(err.listed) == 20 and err.unlisted == 5
    first = err.problems[0]
    assert (first.row, first.field, first.code, first.value) == (2, "due_date", "bad_date",
                                                                "2025-13-45")
    by_row = {p.row: p for p in err.problems}
    assert by_row[14].field == "amount" and by_row[14].value == "一千元"
    assert by_row[25].code == "ambiguous_date"
    assert by_row[26].code == "missing_date"
    assert 27 not in by_row  # the one good row


def test_formula_without_saved_value_is_named_per_cell(run):
    with pytest.raises(AgingError) as caught:
        run("formulas_no_values.xlsx")
    assert [(p.row, p.field, p.code) for p in caught.value.problems] == [
        (2, "amount", "formula_no_value"), (3, "amount", "formula_no_value")]
