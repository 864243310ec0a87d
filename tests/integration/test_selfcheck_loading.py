"""Definitions load once at start; a broken one stops the start with one line."""

import shutil

import pytest

from creditdesk import create_app
from tests.unit.assessment.answersets import SHIPPED


def build(tmp_path, folder):
    return create_app(
        {"TESTING": True, "SECRET_KEY": "x", "ASSESSMENTS_DIR": str(folder),
         "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.db'}"},
        instance_path=str(tmp_path / "instance"),
    )


def broken_copy(tmp_path, old, new):
    folder = tmp_path / "assessments"
    folder.mkdir()
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = folder / "credit-risk-selfcheck.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder, path


@pytest.mark.parametrize(
    "old, new, where, problem",
    [
        ("  - id: ownership\n", "  - id: years_in_business\n", "question years_in_business",
         "duplicate"),
        ("{article: setting-credit-terms,", "{article: no-such-article,", "terms A",
         "links to article 'no-such-article', which does not exist"),
        ("show_if: {question: has_statements, equals: \"yes\"}",
         "show_if: {question: has_statement, equals: \"yes\"}", "question working_capital",
         "has_statement"),
        ("{value: lt_1, points: 0, label: {zh: \"不满 1 年\"",
         "{value: lt_1, label: {zh: \"不满 1 年\"", "question years_in_business", "points"),
    ],
)
def test_broken_definition_stops_the_start_with_one_line(tmp_path, old, new, where, problem):
    folder, path = broken_copy(tmp_path, old, new)
    with pytest.raises(SystemExit) as exc:
        build(tmp_path, folder)
    message = str(exc.value.code)
    assert message.startswith("creditdesk: assessment error: ")
    assert "\n" not in message
    assert str(path) in message and where in message and problem in message, message


def test_two_files_with_one_id_and_an_empty_folder(tmp_path):
    folder = tmp_path / "assessments"
    folder.mkdir()
    with pytest.raises(SystemExit) as exc:
        build(tmp_path, folder)
    assert "no *.yaml definition" in str(exc.value.code)
    shutil.copy(SHIPPED, folder / "a.yaml")
    shutil.copy(SHIPPED, folder / "b.yaml")
    with pytest.raises(SystemExit) as exc:
        build(tmp_path, folder)
    assert "b.yaml: id: 'credit-risk-selfcheck' is used by another file" in str(exc.value.code)


def test_loaded_once_at_start(tmp_path, monkeypatch):
    from creditdesk.selfcheck import loading

    calls = []
    real = loading.load_definition
    monkeypatch.setattr(loading, "load_definition",
                        lambda *a, **kw: calls.append(a) or real(*a, **kw))
    app = build(tmp_path, SHIPPED.parent)
    assert len(calls) == 1
    assert set(app.extensions["creditdesk.assessments"]) == {"credit-risk-selfcheck"}
    client = app.test_client()
    for path in ("/self-check", "/self-check/step/1", "/tools"):
        assert client.get(path).status_code == 200
    assert len(calls) == 1


def test_sitemap_and_robots(client):
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/self-check</loc>" in sitemap and "/tools</loc>" in sitemap
    assert "/self-check/r/" not in sitemap
    assert "Disallow: /self-check/r/" in client.get("/robots.txt").get_data(as_text=True)
