"""The definition as data for `flask selfcheck questions`, and the session value cleaner."""

import json

from creditdesk.selfcheck.schema import definition_as_dict, definition_as_text
from creditdesk.selfcheck.wizard import MAX_VALUE_LENGTH, clean_values
from tests.unit.assessment.answersets import DEFINITION


def test_every_question_and_option_is_listed_and_serialisable():
    data = json.loads(json.dumps(definition_as_dict(DEFINITION)))
    assert len(data["questions"]) == len(DEFINITION.questions)
    for question, listed in zip(DEFINITION.questions, data["questions"], strict=True):
        assert listed["id"] == question.id and listed["type"] == question.type
        assert [o["value"] for o in listed.get("options", [])] == [
            o.value for o in question.options]
        assert [o["points"] for o in listed.get("options", [])] == [
            o.points for o in question.options]
        assert (listed["show_if"] is None) == (question.show_if is None)


def test_text_form_lists_every_question_once():
    text = definition_as_text(DEFINITION)
    for question in DEFINITION.questions:
        assert text.count(f"  {question.id} ({question.type})") == 1


def test_clean_values_caps_length_and_count():
    assert clean_values(DEFINITION, "monthly_sales", "9" * 1000) == ["9" * MAX_VALUE_LENGTH]
    assert clean_values(DEFINITION, "monthly_sales", ["1", "2"]) == ["1"]
    assert clean_values(DEFINITION, "ownership", [" ", 5, None]) == []
    many = clean_values(DEFINITION, "warning_signs", ["x"] * 100)
    assert len(many) == len(DEFINITION.question("warning_signs").options)
