"""Unsubscribes kept: the RFC 8058 endpoint over real HTTP on 127.0.0.1, the suppression list, then `send`."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from newsletter.cli import main
from newsletter.clock import system_clock
from newsletter.commands.unsubscribe_server import serve
from newsletter.send.suppression import Suppressions
from newsletter.send.unsubscribe import make_app
from tests.send_issue import make_issue, write_subscribers
from tests.smtp_server import FaultyHandler, smtp_server
from tests.test_send import SECRET, send


@pytest.fixture
def issue_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", SECRET)
    return make_issue(tmp_path / "out")


@pytest.fixture
def relay() -> Iterator[tuple[FaultyHandler, int]]:
    handler = FaultyHandler()
    with smtp_server(handler) as port:
        yield handler, port


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[str]:
    """The unsubscribe app behind Python's HTTP server on 127.0.0.1, as `newsletter unsubscribe-server` runs it."""
    server = serve(make_app(SECRET.encode(), tmp_path / "suppressions.sqlite", system_clock), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/unsubscribe"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def http(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=body, headers=headers or {}, method="POST" if body is not None else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8")


ONE_CLICK = b"List-Unsubscribe=One-Click"


def one_click(url: str) -> tuple[int, str]:
    return http(url, ONE_CLICK, {"Content-Type": "application/x-www-form-urlencoded"})


def links(handler: FaultyHandler, endpoint: str) -> dict[str, str]:
    """Each recipient's List-Unsubscribe link, pointed at the endpoint under test."""
    found = {}
    for item in handler.received:
        url = urlsplit(item.message()["List-Unsubscribe"].strip("<>"))
        found[item.rcpt_to] = f"{endpoint}?{url.query}"
    return found


def entry(tmp_path: Path, address: str) -> tuple[str, str, str] | None:
    with Suppressions.open(tmp_path / "suppressions.sqlite", system_clock) as entries:
        found = entries.entry(address)
    return None if found is None else (found.issue, found.reason, found.recorded)


def test_one_click_unsubscribe_stops_the_next_send(
    issue_dir: Path, relay: tuple[FaultyHandler, int], endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = relay
    suppressions = ("--suppressions", str(tmp_path / "suppressions.sqlite"))
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 4)
    assert send(issue_dir, port, *suppressions) == 0
    link = links(handler, endpoint)[emails[1]]
    query = parse_qs(urlsplit(link).query)

    forged = link.replace(query["token"][0], "A" * len(query["token"][0]))
    assert one_click(forged)[0] == 403 and entry(tmp_path, emails[1]) is None
    other_issue = link.replace(f"issue={query['issue'][0]}", "issue=2026-W13")
    assert one_click(other_issue)[0] == 403 and entry(tmp_path, emails[1]) is None
    someone_else = link.replace(f"email={emails[1]}".replace("@", "%40"), f"email={emails[2]}".replace("@", "%40"))
    assert someone_else != link and one_click(someone_else)[0] == 403 and entry(tmp_path, emails[2]) is None

    status, page = one_click(link)
    assert status == 200 and emails[1] in page
    recorded = entry(tmp_path, emails[1])
    assert recorded is not None and recorded[:2] == (query["issue"][0], "one-click")
    assert one_click(link) == (status, page) and entry(tmp_path, emails[1]) == recorded  # a replay changes nothing

    capsys.readouterr()
    fresh = ("--journal", str(tmp_path / "next.sqlite"))  # as the next issue would: a journal of its own
    assert send(issue_dir, port, *suppressions, *fresh) == 0
    out = capsys.readouterr().out
    assert "3 sent now" in out and "skipped: 1 subscriber(s) on the suppression list" in out
    copies = handler.by_recipient()
    assert len(copies[emails[1]]) == 1 and all(len(copies[e]) == 2 for e in emails if e != emails[1])


def test_get_asks_in_the_subscribers_language_and_changes_nothing(
    issue_dir: Path, relay: tuple[FaultyHandler, int], endpoint: str, tmp_path: Path
) -> None:
    handler, port = relay
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 3)  # zh, en, both
    assert send(issue_dir, port) == 0
    pages = {email: http(url) for email, url in links(handler, endpoint).items()}
    assert all(status == 200 for status, _ in pages.values())
    zh, en, both = (pages[email][1] for email in emails)
    assert "确认退订" in zh and "Unsubscribe" not in zh and '<html lang="zh-CN">' in zh
    assert "Unsubscribe" in en and "退订" not in en and '<html lang="en">' in en
    assert "确认退订" in both and "Unsubscribe" in both
    assert '<form method="post"' in zh and all(entry(tmp_path, email) is None for email in emails)
    status, page = http(links(handler, endpoint)[emails[0]], b"")  # the page's own button: a POST without a body
    assert status == 200 and "已退订" in page
    assert entry(tmp_path, emails[0]) is not None and entry(tmp_path, emails[0])[1] == "confirmed"  # type: ignore[index]


def test_the_endpoint_refuses_what_is_not_a_link_of_ours(endpoint: str, tmp_path: Path) -> None:
    assert http(endpoint)[0] == 403  # no query at all
    assert http(f"{endpoint}?{urlencode({'email': 'a@x.example', 'issue': 'W', 'token': '退订'})}")[0] == 403
    assert http(f"{endpoint}?{'email=a%40x.example&' * 2000}")[0] == 403  # an oversized query
    wrong = urlencode({"email": "a@x.example", "issue": "W", "token": "x"})
    assert one_click(f"{endpoint}?{wrong}")[0] == 403
    assert not (tmp_path / "suppressions.sqlite").exists() or entry(tmp_path, "a@x.example") is None


def test_suppress_add_import_and_list(
    issue_dir: Path, relay: tuple[FaultyHandler, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = relay
    listed = ("--suppressions", str(tmp_path / "s.sqlite"))
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 5)
    assert main(["suppress", *listed, "add", emails[0], "--note", "asked by phone"]) == 0
    (tmp_path / "gone.csv").write_text(f"name,email\nB,{emails[1]}\nC,{emails[2].upper()}\n", encoding="utf-8")
    assert main(["suppress", *listed, "import", str(tmp_path / "gone.csv")]) == 0
    assert main(["suppress", *listed, "add", emails[0]]) == 0  # again: kept as first recorded
    assert "0 added, 1 already on the list" in capsys.readouterr().out
    (tmp_path / "bad.txt").write_text("ok@example.com\nnot an address\n", encoding="utf-8")
    assert main(["suppress", *listed, "import", str(tmp_path / "bad.txt")]) == 1
    assert "line 2: invalid email address 'not an address'" in capsys.readouterr().err
    assert main(["suppress", *listed, "list"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "address,issue,reason,detail,recorded" and len(rows) == 4
    assert rows[1].startswith(f"{emails[0]},,manual,asked by phone,")
    assert send(issue_dir, port, *listed) == 0
    assert sorted(handler.by_recipient()) == emails[3:]
    assert send(issue_dir, 1, *listed, "--dry-run", str(tmp_path / "eml")) == 0  # a dry run skips them too
    assert len(list((tmp_path / "eml").glob("*.eml"))) == 2


def test_suppress_failed_adds_only_addresses_that_do_not_exist(
    issue_dir: Path, relay: tuple[FaultyHandler, int], tmp_path: Path
) -> None:
    handler, port = relay
    listed = ("--suppressions", str(tmp_path / "s.sqlite"))
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 4)
    handler.fail(emails[1], "rcpt:550")  # no such mailbox
    handler.fail(emails[2], "data:554")  # the message was refused, not the address
    assert send(issue_dir, port, *listed, "--suppress-failed") == 3
    with Suppressions.open(tmp_path / "s.sqlite", system_clock) as entries:
        assert entries.addresses() == {emails[1]}
        found = entries.entry(emails[1])
    assert found is not None and found.reason == "bounce" and found.detail.startswith("550")


def test_create_app_is_what_a_wsgi_server_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, issue_dir: Path, relay: tuple[FaultyHandler, int]
) -> None:
    """`gunicorn 'newsletter.send.unsubscribe:create_app()'`: the secret from the environment, the list from
    newsletter.toml in the working folder; here behind wsgiref, for real, on 127.0.0.1."""
    from newsletter.send.unsubscribe import create_app

    handler, port = relay
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 1)
    (tmp_path / "newsletter.toml").write_text('[email]\nsuppressions = "lists/left.sqlite"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert send(issue_dir, port) == 0
    server = serve(create_app(), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        (link,) = links(handler, f"http://127.0.0.1:{server.server_address[1]}/u").values()
        assert one_click(link)[0] == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    with Suppressions.open(tmp_path / "lists" / "left.sqlite", system_clock) as entries:
        assert entries.addresses() == {emails[0]}
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", "short")
    with pytest.raises(SystemExit, match="at least 16 characters"):
        create_app()
