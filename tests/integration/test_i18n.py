"""Chinese first, English by ?lang=en (remembered) or Accept-Language."""


def test_chinese_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    assert "知识中心" in html


def test_lang_parameter_is_remembered(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Knowledge centre" in html
    html = client.get("/faq").get_data(as_text=True)
    assert '<html lang="en">' in html
    html = client.get("/faq?lang=zh-CN").get_data(as_text=True)
    assert '<html lang="zh-CN">' in html


def test_accept_language(client):
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    html = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).get_data(
        as_text=True
    )
    assert '<html lang="zh-CN">' in html


def test_unknown_lang_falls_back(client):
    html = client.get("/?lang=fr").get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
