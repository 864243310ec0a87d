"""Turn parsed YAML into definition objects, checking keys and types as it goes."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from . import checks
from .definition import (
    COUNT,
    EXPOSURE_RATIO,
    FINANCIAL_STRENGTH,
    MULTIPLE,
    NUMBER,
    OPTIONS,
    SINGLE,
    Band,
    Condition,
    Definition,
    Factor,
    LimitBand,
    LimitParams,
    Option,
    Override,
    Question,
    Section,
    Terms,
    Z2Step,
)
from .yaml_nodes import NodeReader

_NUMBER_KEYS = {
    "unit",
    "min",
    "max",
    "allow_zero",
    "allow_negative",
    "integer",
    "optional",
    "unknown_allowed",
}
_QUESTION_KEYS = {"id", "type", "label", "help", "factor", "options", "show_if"} | _NUMBER_KEYS
_TOP_KEYS = {
    "id",
    "version",
    "title",
    "intro",
    "disclaimer",
    "sections",
    "questions",
    "factors",
    "bands",
    "overrides",
    "terms",
    "limit",
}


class Reader(NodeReader):
    """Turns parsed YAML into definition objects, checking keys and types as it goes."""

    def definition(self, data: Any) -> Definition:
        data = self.mapping(data, "file", _TOP_KEYS)
        sections = tuple(
            self.section(n, i) for i, n in enumerate(self.seq(data["sections"], "sections"))
        )
        self.ids(list(sections), "section", lambda s: s.id)
        raw_questions = self.seq(data["questions"], "questions")
        for i, node in enumerate(raw_questions):
            named = isinstance(node, dict) and isinstance(node.get("id"), str)
            where = f"question {node['id']}" if named else f"questions[{i}]"
            self.mapping(node, where, {"id", "type", "label"}, _QUESTION_KEYS)
            self.identifier(node["id"], f"{where} id")
        self.ids(raw_questions, "question", lambda n: n["id"])
        order = checks.question_order(sections, {n["id"] for n in raw_questions}, self.fail)
        raw_questions.sort(key=lambda n: order[n["id"]])
        questions: dict[str, Question] = {}
        for node in raw_questions:
            questions[node["id"]] = self.question(node, questions)
        bands = tuple(self.band(n, i) for i, n in enumerate(self.seq(data["bands"], "bands")))
        self.ids(list(bands), "band", lambda b: b.code)
        bands = tuple(sorted(bands, key=lambda b: -b.min))
        factors = tuple(
            self.factor(n, i, questions) for i, n in enumerate(self.seq(data["factors"], "factors"))
        )
        self.ids(list(factors), "factor", lambda f: f.id)
        overrides = tuple(
            self.override(n, i, questions)
            for i, n in enumerate(self.seq(data["overrides"], "overrides", allow_empty=True))
        )
        self.ids(list(overrides), "override", lambda o: o.id)
        terms = self.mapping(data["terms"], "terms", set(), {b.code for b in bands})
        return Definition(
            id=self.identifier(data["id"], "id"),
            version=self.string(data["version"], "version"),
            title=self.text(data["title"], "title"),
            intro=self.text(data["intro"], "intro"),
            disclaimer=self.text(data["disclaimer"], "disclaimer"),
            sections=sections,
            questions=tuple(questions.values()),
            factors=factors,
            bands=bands,
            overrides=overrides,
            terms=MappingProxyType({code: self.terms(code, node) for code, node in terms.items()}),
            limit=self.limit(data["limit"], {b.code for b in bands}),
            path=self.path,
        )

    def section(self, node: Any, index: int) -> Section:
        where = f"sections[{index}]"
        node = self.mapping(node, where, {"id", "title", "questions"})
        where = f"section {self.identifier(node['id'], where + '.id')}"
        ids = self.seq(node["questions"], f"{where} questions")
        return Section(
            node["id"],
            self.text(node["title"], f"{where} title"),
            tuple(self.identifier(q, f"{where} questions") for q in ids),
        )

    def question(self, node: dict, earlier: dict[str, Question]) -> Question:
        where = f"question {node['id']}"
        kind = node["type"]
        if kind not in (SINGLE, MULTIPLE, NUMBER):
            self.fail(where, f"type must be single, multiple or number, not {kind!r}")
        if kind == NUMBER:
            if "options" in node:
                self.fail(where, "a number question has no options")
        else:
            for key in _NUMBER_KEYS & set(node):
                self.fail(where, f"key {key!r} is only for number questions")
            if "options" not in node:
                self.fail(where, "missing key 'options'")
        options = tuple(
            self.option(n, where)
            for n in self.seq(
                node.get("options", []), f"{where} options", allow_empty=kind == NUMBER
            )
        )
        self.ids(list(options), f"{where} option", lambda o: o.value)
        if kind != NUMBER and len(options) < 2:
            self.fail(where, "needs at least two options")
        get = node.get
        return Question(
            id=node["id"],
            type=kind,
            label=self.text(node["label"], f"{where} label"),
            help=self.text(node["help"], f"{where} help") if "help" in node else None,
            factor=self.identifier(node["factor"], f"{where} factor") if "factor" in node else None,
            options=options,
            unit=self.text(node["unit"], f"{where} unit") if "unit" in node else None,
            min=self.decimal(node["min"], f"{where} min") if "min" in node else None,
            max=self.decimal(node["max"], f"{where} max") if "max" in node else None,
            allow_zero=self.boolean(get("allow_zero", True), f"{where} allow_zero"),
            allow_negative=self.boolean(get("allow_negative", False), f"{where} allow_negative"),
            integer=self.boolean(get("integer", False), f"{where} integer"),
            optional=self.boolean(get("optional", False), f"{where} optional"),
            unknown_allowed=self.boolean(get("unknown_allowed", False), f"{where} unknown_allowed"),
            show_if=self.condition(node["show_if"], f"{where} show_if", earlier)
            if "show_if" in node
            else None,
        )

    def option(self, node: Any, where: str) -> Option:
        node = self.mapping(
            node, f"{where} option", {"value", "label"}, {"points", "knockout", "exclusive"}
        )
        value = self.identifier(node["value"], f"{where} option value")
        where = f"{where} option {value!r}"
        return Option(
            value=value,
            label=self.text(node["label"], f"{where} label"),
            points=self.integer(node["points"], f"{where} points") if "points" in node else None,
            knockout=self.boolean(node.get("knockout", False), f"{where} knockout"),
            exclusive=self.boolean(node.get("exclusive", False), f"{where} exclusive"),
        )

    def condition(self, node: Any, where: str, earlier: dict[str, Question]) -> Condition:
        node = self.mapping(node, where, {"question"}, {"equals", "in"})
        if ("equals" in node) == ("in" in node):
            self.fail(where, "needs exactly one of 'equals' or 'in'")
        target = self.string(node["question"], f"{where} question")
        if target not in earlier:
            self.fail(
                where, f"names unknown question {target!r} (or one that is not asked before it)"
            )
        if "equals" in node:
            values: tuple[str, ...] = (self.string(node["equals"], f"{where} equals"),)
        else:
            values = tuple(
                self.string(v, f"{where} in") for v in self.seq(node["in"], f"{where} in")
            )
        controller = earlier[target]
        if controller.type == NUMBER:
            self.fail(where, f"cannot depend on number question {target!r}")
        for value in values:
            if controller.option(value) is None:
                self.fail(where, f"{value!r} is not an option of question {target!r}")
        return Condition(target, values, controller.show_if)

    def band(self, node: Any, index: int) -> Band:
        node = self.mapping(node, f"bands[{index}]", {"code", "label", "min", "max"})
        where = f"band {self.identifier(node['code'], f'bands[{index}].code')}"
        low, high = (
            self.integer(node["min"], f"{where} min"),
            self.integer(node["max"], f"{where} max"),
        )
        if not 0 <= low <= high <= 100:
            self.fail(where, f"min {low} and max {high} must satisfy 0 <= min <= max <= 100")
        return Band(node["code"], self.text(node["label"], f"{where} label"), low, high)

    def factor(self, node: Any, index: int, questions: dict[str, Question]) -> Factor:
        required = {"id", "label", "max", "why", "source", "tip"}
        params = {
            "scoring",
            "z2_points",
            "statements",
            "ratio_points",
            "otherwise_points",
            "count_points",
        }
        node = self.mapping(node, f"factors[{index}]", required, params)
        where = f"factor {self.identifier(node['id'], f'factors[{index}].id')}"
        scoring = node.get("scoring", OPTIONS)
        allowed = {
            OPTIONS: set(),
            FINANCIAL_STRENGTH: {"z2_points", "statements"},
            EXPOSURE_RATIO: {"ratio_points", "otherwise_points"},
            COUNT: {"count_points"},
        }
        if scoring not in allowed:
            self.fail(where, f"scoring must be one of {', '.join(allowed)}, not {scoring!r}")
        for key in params - {"scoring"} - allowed[scoring]:
            if key in node:
                self.fail(where, f"key {key!r} does not apply to scoring {scoring}")
        for key in allowed[scoring] - {"otherwise_points"}:
            if key not in node:
                self.fail(where, f"missing key {key!r} (scoring {scoring})")
        return Factor(
            id=node["id"],
            label=self.text(node["label"], f"{where} label"),
            max=self.integer(node["max"], f"{where} max"),
            why=self.text(node["why"], f"{where} why"),
            source=self.text(node["source"], f"{where} source"),
            tip=self.text(node["tip"], f"{where} tip"),
            scoring=scoring,
            z2_points=self.z2_steps(node.get("z2_points"), f"{where} z2_points"),
            statements=self.condition(node["statements"], f"{where} statements", questions)
            if "statements" in node
            else None,
            ratio_points=self.steps(
                node.get("ratio_points"), f"{where} ratio_points", "max", optional=False
            ),
            otherwise_points=self.integer(
                node.get("otherwise_points", 0), f"{where} otherwise_points"
            ),
            count_points=tuple(
                self.integer(p, f"{where} count_points")
                for p in self.seq(node.get("count_points", [0]), f"{where} count_points")
            ),
        )

    def z2_steps(self, node: Any, where: str) -> tuple[Z2Step, ...]:
        """Steps `{min: x, points: p}` (Z'' >= x), `{above: x, points: p}` (Z'' > x), then
        `{points: p}` for the rest."""
        if node is None:
            return ()
        steps = []
        for item in self.seq(node, where):
            item = self.mapping(item, where, {"points"}, {"min", "above"})
            if "min" in item and "above" in item:
                self.fail(where, "a step has either 'min' or 'above', not both")
            key = "min" if "min" in item else "above" if "above" in item else None
            bound = None if key is None else self.decimal(item[key], f"{where} {key}")
            points = self.integer(item["points"], f"{where} points")
            steps.append(Z2Step(bound, key != "above", points))
        return tuple(steps)

    def steps(self, node: Any, where: str, bound: str, *, optional: bool) -> tuple:
        if node is None:
            return ()
        steps = []
        for item in self.seq(node, where):
            required = {"points"} if optional else {"points", bound}
            item = self.mapping(item, where, required, {bound})
            value = (
                self.decimal(item[bound], f"{where} {bound}")
                if item.get(bound) is not None
                else None
            )
            if value is None and not optional:
                self.fail(where, f"every step needs a {bound}")
            steps.append((value, self.integer(item["points"], f"{where} points")))
        return tuple(steps)

    def override(self, node: Any, index: int, questions: dict[str, Question]) -> Override:
        node = self.mapping(node, f"overrides[{index}]", {"id", "reason", "cap", "when"})
        where = f"override {self.identifier(node['id'], f'overrides[{index}].id')}"
        when = self.mapping(
            node["when"],
            f"{where} when",
            set(),
            {"knockout", "z2_below", "question", "equals", "in", "all"},
        )
        kinds = [k for k in ("knockout", "z2_below", "question", "all") if k in when]
        if len(kinds) != 1:
            self.fail(
                f"{where} when", "needs exactly one of 'knockout', 'z2_below', 'question' or 'all'"
            )
        if (
            "knockout" in when
            and self.boolean(when["knockout"], f"{where} when knockout") is not True
        ):
            self.fail(f"{where} when", "knockout must be true")
        if kinds[0] != "question" and ({"equals", "in"} & set(when)):
            self.fail(f"{where} when", "'equals' and 'in' go with 'question'")
        return Override(
            id=node["id"],
            reason=self.text(node["reason"], f"{where} reason"),
            cap=self.string(node["cap"], f"{where} cap"),
            knockout="knockout" in when,
            z2_below=self.decimal(when["z2_below"], f"{where} when z2_below")
            if "z2_below" in when
            else None,
            answer=self.answer_conditions(when, f"{where} when", questions),
        )

    def answer_conditions(
        self, when: dict, where: str, questions: dict[str, Question]
    ) -> tuple[Condition, ...]:
        """`question` with `equals`/`in`, or `all: [...]` of such conditions, every one to hold."""
        if "question" in when:
            return (self.condition(when, where, questions),)
        if "all" not in when:
            return ()
        items = self.seq(when["all"], f"{where} all")
        if len(items) < 2:
            self.fail(f"{where} all", "needs at least two conditions")
        return tuple(self.condition(item, f"{where} all", questions) for item in items)

    def terms(self, code: str, node: Any) -> Terms:
        where = f"terms {code}"
        node = self.mapping(node, where, {"payment", "security", "articles"})
        articles = []
        for item in self.seq(node["articles"], f"{where} articles"):
            item = self.mapping(item, f"{where} articles", {"article", "label"})
            slug = self.string(item["article"], f"{where} article")
            articles.append((slug, self.text(item["label"], f"{where} article {slug} label")))
        return Terms(
            code,
            self.text(node["payment"], f"{where} payment"),
            self.text(node["security"], f"{where} security"),
            tuple(articles),
        )

    def limit(self, node: Any, band_codes: set[str]) -> LimitParams:
        keys = {
            "buffer_days",
            "round_down_to",
            "unknown_net_worth_factor",
            "net_worth_from_statements",
            "bands",
            "concentration",
            "insurer_note",
            "secured_note",
        }
        node = self.mapping(node, "limit", keys)
        bands = self.mapping(node["bands"], "limit bands", band_codes)
        conc = self.mapping(
            node["concentration"], "limit concentration", {"threshold", "question", "options"}
        )
        return LimitParams(
            buffer_days=self.integer(node["buffer_days"], "limit buffer_days"),
            round_down_to=self.decimal(node["round_down_to"], "limit round_down_to"),
            unknown_net_worth_factor=self.decimal(
                node["unknown_net_worth_factor"], "limit unknown_net_worth_factor"
            ),
            net_worth_from_statements=self.boolean(
                node["net_worth_from_statements"], "limit net_worth_from_statements"
            ),
            bands=MappingProxyType(
                {code: self.limit_band(bands[code], f"limit band {code}") for code in bands}
            ),
            concentration_threshold=self.decimal(
                conc["threshold"], "limit concentration threshold"
            ),
            concentration_question=self.string(conc["question"], "limit concentration question"),
            concentration_options=tuple(
                self.string(v, "limit concentration options")
                for v in self.seq(conc["options"], "limit concentration options")
            ),
            insurer_note=self.text(node["insurer_note"], "limit insurer_note"),
            secured_note=self.text(node["secured_note"], "limit secured_note"),
        )

    def limit_band(self, node: Any, where: str) -> LimitBand:
        node = self.mapping(node, where, {"cap", "f", "unknown_ceiling"}, {"secured_only"})
        return LimitBand(
            self.decimal(node["cap"], f"{where} cap"),
            self.decimal(node["f"], f"{where} f"),
            self.boolean(node.get("secured_only", False), f"{where} secured_only"),
            self.decimal(node["unknown_ceiling"], f"{where} unknown_ceiling"),
        )
