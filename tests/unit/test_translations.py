"""Every UI string has a Chinese translation (message ids are English)."""

import pytest

from creditdesk import translate


@pytest.mark.parametrize("part", translate.parts(), ids=lambda p: p.root.name)
def test_zh_cn_catalog_is_complete(part):
    assert translate.missing(part, translate.CHINESE) == []


def test_no_message_is_translated_two_ways():
    assert translate.conflicts() == {}
