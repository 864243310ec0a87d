"""No module imports one that imports it back (imports inside functions included), no part
of the app imports a part that imports it back, and production code never imports demo data."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).parents[2]
spec = importlib.util.spec_from_file_location("import_cycles", REPO / "scripts/import_cycles.py")
import_cycles = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_cycles)


def test_no_module_circle():
    assert import_cycles.cycles(import_cycles.graph()) == []


def test_no_circle_between_parts():
    assert import_cycles.cycles(import_cycles.part_graph(import_cycles.graph())) == []


def test_the_application_never_imports_the_demo_package():
    edges = import_cycles.graph()
    assert not [(m, t) for m, targets in edges.items() if m.startswith("creditdesk.")
                for t in targets if t.startswith("creditdesk_demo")]


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_walker_finds_a_circle_hidden_in_a_function(tmp_path):
    write(tmp_path, "creditdesk/__init__.py", "")
    write(tmp_path, "creditdesk/notify/__init__.py", "")
    write(tmp_path, "creditdesk/notify/outbox.py",
          "def later():\n    from .worker import run\n")
    write(tmp_path, "creditdesk/notify/worker.py", "from .outbox import later\n")
    write(tmp_path, "creditdesk/leads.py", "from . import notify\n")
    edges = import_cycles.graph(tmp_path)
    assert import_cycles.cycles(edges) == [["creditdesk.notify.outbox",
                                            "creditdesk.notify.worker"]]


def test_the_walker_finds_a_circle_between_parts(tmp_path):
    write(tmp_path, "creditdesk/__init__.py", "")
    write(tmp_path, "creditdesk/leads/__init__.py", "")
    write(tmp_path, "creditdesk/leads/store.py", "from ..notify import outbox\n")
    write(tmp_path, "creditdesk/notify/__init__.py", "")
    write(tmp_path, "creditdesk/notify/outbox.py", "")
    write(tmp_path, "creditdesk/notify/payload.py", "from creditdesk.leads.store import x\n")
    edges = import_cycles.graph(tmp_path)
    assert import_cycles.cycles(edges) == []
    assert import_cycles.cycles(import_cycles.part_graph(edges)) == [
        ["creditdesk.leads", "creditdesk.notify"]]
