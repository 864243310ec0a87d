"""A broken content file stops the app's start and `flask content check` with one line."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from creditdesk import create_app

FIXTURES = Path(__file__).parents[1] / "unit" / "content" / "fixtures"
REPO = Path(__file__).parents[2]
CASES = {
    "article_missing_title": ("article_missing_title.md", "title"),
    "article_invalid_date": ("article_invalid_date.md", "date"),
    "article_duplicate_slug": (".md", "slug"),
    "article_unknown_field": ("article_unknown_field.md", ""),
    "article_bad_yaml": ("article_bad_yaml.md", "front matter"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_app_refuses_to_start_with_one_line(case, tmp_path):
    filename, field = CASES[case]
    with pytest.raises(SystemExit) as excinfo:
        create_app(
            {"SQLALCHEMY_DATABASE_URI": "sqlite://", "CONTENT_DIR": str(FIXTURES / case)},
            instance_path=str(tmp_path),
        )
    message = str(excinfo.value.code)
    assert "\n" not in message
    assert filename in message
    assert f": {field}" in message


def test_flask_content_check_reports_the_file_and_fails(tmp_path):
    env = {
        **os.environ,
        "CREDITDESK_CONTENT_DIR": str(FIXTURES / "article_invalid_date"),
        "CREDITDESK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
        "FLASK_APP": "creditdesk",
        "PYTHONPATH": str(REPO / "site"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "content", "check"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "article_invalid_date.md" in lines[0] and "date" in lines[0]


def test_flask_content_check_passes_on_shipped_content(tmp_path):
    env = {**os.environ, "FLASK_APP": "creditdesk", "PYTHONPATH": str(REPO / "site"),
           "CREDITDESK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "content", "check"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "content ok" in result.stdout


def test_flask_content_check_lists_each_editorial_problem_and_fails(tmp_path):
    # The shipped content (the self-check links to its articles) plus one broken article.
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    broken = REPO / "tests" / "unit" / "content" / "check_fixtures" / "tree" / "faq" / "topic.md"
    shutil.copy(broken, content / "faq" / "zz-topic.md")
    env = {**os.environ, "FLASK_APP": "creditdesk", "PYTHONPATH": str(REPO / "site"),
           "CREDITDESK_CONTENT_DIR": str(content),
           "CREDITDESK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "content", "check"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "content/faq/zz-topic.md:7: refused term '买家': the glossary uses '买方'",
        "content/faq/zz-topic.md:7: ASCII '?' next to Chinese text at column 16: use ？",
        "Error: 2 content problem(s): see the lines above",
    ]
    assert "content ok" not in result.stdout
