"""`flask notify run [--once] | status | retry`."""

from types import SimpleNamespace

from tests.integration.notify_support import add_lead, free_port, outbox_rows, smtp_server


def _app(make_app, port, **extra):
    return make_app(NOTIFY_SALES_EMAIL="sales@example.com", NOTIFY_SMTP_HOST="127.0.0.1",
                    NOTIFY_SMTP_PORT=port, **extra)


def test_run_once_delivers_and_reports(make_app):
    with smtp_server() as (port, collector):
        app = _app(make_app, port)
        add_lead(app)
        add_lead(app)
        result = app.test_cli_runner().invoke(args=["notify", "run", "--once"])
        assert result.exit_code == 0, result.output
        assert "sent 2, retrying 0, failed 0" in result.output
        assert len(collector.messages) == 2
        again = app.test_cli_runner().invoke(args=["notify", "run", "--once"])
        assert "sent 0" in again.output and len(collector.messages) == 2


def test_status_lists_stuck_rows_with_their_error_then_retry_requeues(make_app):
    app = _app(make_app, free_port(), NOTIFY_MAX_ATTEMPTS=1,
               NOTIFY_WEBHOOKS=["ftp://bad", {"url": "https://qyapi.example/send?key=SECRET",
                                              "format": "wecom"}])
    add_lead(app)
    runner = app.test_cli_runner()
    assert "failed 1" in runner.invoke(args=["notify", "run", "--once", "--limit", "1"]).output
    result = runner.invoke(args=["notify", "status"])
    assert result.exit_code == 0
    out = result.output
    assert "pending: 1  sending: 0  sent: 0  failed: 1  cancelled: 0" in out
    assert "e-mail: sales@example.com" in out and "webhook: wecom https://qyapi.example/…" in out
    assert "config problem: NOTIFY_WEBHOOKS[0]" in out
    assert "email sales@example.com failed attempts=1 gave up" in out
    assert "last error: ConnectionRefusedError" in out
    assert "SECRET" not in out
    failed_id = next(r["id"] for r in outbox_rows(app) if r["status"] == "failed")
    assert runner.invoke(args=["notify", "retry"]).exit_code == 2
    assert "requeued 1" in runner.invoke(args=["notify", "retry", str(failed_id)]).output
    assert "requeued 0" in runner.invoke(args=["notify", "retry", "--all-failed"]).output


def test_status_on_an_empty_outbox(make_app):
    result = make_app().test_cli_runner().invoke(args=["notify", "status"])
    assert "nothing pending or failed" in result.output
    assert "e-mail: not configured" in result.output


def test_run_without_once_keeps_passing_through_a_failed_pass_until_stopped(make_app,
                                                                            monkeypatch):
    from creditdesk.notify import cli

    passes = []
    real = cli.deliver_due

    def flaky(limit):
        passes.append(limit)
        if len(passes) == 1:
            raise RuntimeError("database restarting")
        return real(limit=limit)

    def sleep(seconds):
        assert seconds == 0.5
        if len(passes) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli, "deliver_due", flaky)
    monkeypatch.setattr(cli, "time", SimpleNamespace(sleep=sleep))  # this loop's sleep only
    with smtp_server() as (port, collector):
        app = _app(make_app, port)
        add_lead(app)
        result = app.test_cli_runner().invoke(args=["notify", "run", "--interval", "0.5"])
    assert result.exit_code == 0, result.output
    assert "delivery pass failed: database restarting" in result.output
    assert "sent 1, retrying 0, failed 0" in result.output and result.output.endswith("stopped\n")
    assert len(passes) == 2 and len(collector.messages) == 1
