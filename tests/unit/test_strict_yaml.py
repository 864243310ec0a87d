"""The one YAML loader: duplicate keys refused at any depth; dates kept as text on request."""

import pytest
import yaml

from creditdesk import strict_yaml


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "outer:\n  b: 1\n  b: 1\n",
                                  "- {x: 1, x: 2}\n"])
def test_a_key_given_twice_is_refused_with_its_line(text):
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate key") as err:
        strict_yaml.load(text)
    assert "duplicate key" in str(err.value)


def test_dates_stay_text_only_when_asked():
    assert strict_yaml.load("d: 2026-01-31")["d"].isoformat() == "2026-01-31"
    assert strict_yaml.load("d: 2026-13-01", dates_as_text=True) == {"d": "2026-13-01"}


def test_it_is_safe():
    with pytest.raises(yaml.constructor.ConstructorError):
        strict_yaml.load("!!python/object/apply:os.system ['true']")
