"""The one axe-core rule set of the browser tests: WCAG 2.0/2.1/2.2 A and AA, best practice,
experimental rules included."""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa",
            "best-practice", "experimental"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


def describe(violations: list[dict], where: str = "") -> list[str]:
    return [
        f"{where}{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(
            str(n["target"][0] if len(n["target"]) == 1 else n["target"]) for n in v["nodes"][:5])
        for v in violations
    ]
