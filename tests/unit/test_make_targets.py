"""`make run` migrates, checks the content and serves on 127.0.0.1:5000 unless told otherwise."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]


def dry_run(*args: str) -> list[str]:
    """Return the commands `make -n` would run, one per line.

    Run as a top-level make even when the suite itself runs under `make test`: a nested
    make inherits MAKEFLAGS/MAKELEVEL and prints "Entering directory" lines.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    result = subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.splitlines()


def test_make_run_migrates_checks_content_then_serves_on_localhost_5000():
    lines = dry_run("run")
    order = [
        next(i for i, line in enumerate(lines) if line.endswith(command))
        for command in ("flask db upgrade", "flask content check",
                        "flask run --host 127.0.0.1 --port 5000")
    ]
    assert order == sorted(order)


@pytest.mark.parametrize(("host", "port"), [("0.0.0.0", "8123"), ("::1", "5001")])
def test_make_run_host_and_port_override(host, port):
    assert dry_run("run", f"HOST={host}", f"PORT={port}")[-1].endswith(
        f"flask run --host {host} --port {port}")


def test_make_test_runs_the_whole_suite():
    assert dry_run("test")[-1].endswith("-m pytest")


def test_make_test_checks_the_browser_prerequisites_before_pytest():
    lines = dry_run("test")
    setup = next(i for i, line in enumerate(lines) if "browser-prerequisites.sh" in line)
    assert setup < len(lines) - 1 and lines[-1].endswith("-m pytest")


def test_missing_browser_stops_with_one_line_saying_how(tmp_path):
    """A named Chromium that is not there is never installed: one line, non-zero exit."""
    env = {**os.environ, "CREDITDESK_CHROMIUM": str(tmp_path / "no-chromium")}
    result = subprocess.run(["sh", "scripts/browser-prerequisites.sh"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "chromium" in lines[0] and "apt-get install" in lines[0]


def test_ci_leaves_installing_to_the_make_targets():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get" not in ci
    assert "make test" in ci


@pytest.mark.parametrize(("target", "tool"), [("cluster", "nginx"), ("bench", "wrk")])
def test_cluster_and_bench_check_their_tools_first(target, tool):
    lines = dry_run(target)
    setup = next(i for i, line in enumerate(lines) if "tool-prerequisites.sh" in line)
    assert lines[setup].endswith(tool) and setup < len(lines) - 1


@pytest.mark.parametrize(("host", "port", "site_url"), [
    ("127.0.0.1", "5000", "http://127.0.0.1:5000"),
    ("203.0.113.7", "8123", "http://203.0.113.7:8123"),
    ("::1", "5001", "http://[::1]:5001"),
])
def test_make_run_sets_site_url_for_the_address_it_serves(host, port, site_url):
    lines = dry_run("run", f"HOST={host}", f"PORT={port}")
    assert lines[-1].startswith(f"CREDITDESK_SITE_URL={site_url} ")
    setup = next(line for line in lines if "users setup-link" in line)
    assert setup.startswith(f"CREDITDESK_SITE_URL={site_url} ")


def test_make_run_keeps_an_explicit_site_url():
    lines = dry_run("run", "HOST=0.0.0.0", "SITE_URL=https://creditdesk.example")
    assert lines[-1].startswith("CREDITDESK_SITE_URL=https://creditdesk.example ")
