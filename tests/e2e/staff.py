"""Logging a staff member in through the login page, as the browser tests do."""


def log_in(page, base: str, email: str, password: str, start: str = "/admin/login") -> None:
    """Open `start` (a workspace page sends the browser to the login first), sign in, and
    check the browser left the login page."""
    page.goto(base + start)
    assert "/admin/login" in page.url, page.url
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/admin/login" not in page.url, page.url
