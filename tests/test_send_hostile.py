"""`newsletter send` under hostile and broken inputs: each test reproduces one attack or fault (issue 15)."""

from __future__ import annotations

import socket
import sqlite3
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.clock import system_clock
from newsletter.send.editions import load_editions
from newsletter.send.message import Sender, parse_address, verify_unsubscribe_token
from newsletter.send.previews import dry_run
from newsletter.send.subscribers import Subscriber
from newsletter.send.transport import MAX_REPLY, Connection, Endpoint
from tests.send_issue import make_issue, write_subscribers
from tests.smtp_server import FaultyHandler, smtp_server
from tests.test_send import SECRET, send


@pytest.fixture
def issue_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", SECRET)
    return make_issue(tmp_path / "out")


@pytest.fixture
def server() -> Iterator[tuple[FaultyHandler, int]]:
    handler = FaultyHandler()
    with smtp_server(handler) as port:
        yield handler, port


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "Traceback" not in error, error
    return error


def test_a_name_with_line_breaks_cannot_write_headers(
    issue_dir: Path, server: tuple[FaultyHandler, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    csv = tmp_path / "s.csv"
    injected = (
        '"x\r\nSubject: Action required\r\nReply-To: a@evil.example\r\nContent-Type: text/html\r\n\r\n<h1>V</h1>"'
    )
    csv.write_bytes(f"email,name,lang\r\nok@example.com,Ok,zh\r\nv@example.com,{injected},zh\r\n".encode())
    for extra in ((), ("--dry-run", str(tmp_path / "eml"))):
        assert send(issue_dir, port, *extra, subscribers=csv) == 1
        error = one_error_line(capsys)
        assert "line 3: the name of v@example.com holds control characters" in error
        assert "nothing was sent" in error
    assert handler.received == [] and not (tmp_path / "eml").exists()


@pytest.mark.parametrize("name", ["a\tb", "a\x1bb", "a\u2028b", "a\x00b", "a\rb"])
def test_every_control_character_in_a_name_is_refused(
    issue_dir: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "s.csv"
    csv.write_text(f'email,name,lang\nv@example.com,"{name}",en\n', encoding="utf-8")
    assert send(issue_dir, 1, "--dry-run", str(tmp_path / "eml"), subscribers=csv) == 1
    assert "line 2: the name of v@example.com holds control characters" in one_error_line(capsys)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("email,name,lang,Email\na@example.com,A,zh,b@example.com\n", "the header names email more than once"),
        ("email;name;lang\na@example.com;A;zh\n", "the file is separated by semicolons, not commas"),
    ],
)
def test_ambiguous_csv_headers_are_refused(
    issue_dir: Path, tmp_path: Path, content: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "s.csv"
    csv.write_text(content, encoding="utf-8")
    assert send(issue_dir, 1, "--dry-run", str(tmp_path / "eml"), subscribers=csv) == 1
    assert f"line 1: {expected}" in one_error_line(capsys)


@pytest.mark.parametrize("address", ["a..b@x.example", ".a@x.example", "a@-x.example", "a@x", "a b@x.example"])
def test_one_validator_refuses_bad_addresses_everywhere(
    issue_dir: Path, tmp_path: Path, address: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsletter.cli import main

    csv = tmp_path / "s.csv"
    csv.write_text(f"email,name,lang\nok@example.com,A,zh\n{address},B,en\n", encoding="utf-8")
    assert send(issue_dir, 1, "--dry-run", str(tmp_path / "eml"), subscribers=csv) == 1
    assert f"line 3: invalid email address {address!r}" in one_error_line(capsys)
    write_subscribers(issue_dir.parent / "subscribers.csv", 1)
    assert send(issue_dir, 1, "--dry-run", str(tmp_path / "eml"), "--from", address) == 2  # the settings' own
    assert "--from: " in one_error_line(capsys)
    settings = tmp_path / "newsletter.toml"
    settings.write_text(f'sender = "Desk <{address}>"\n', encoding="utf-8")
    assert main(["send", str(issue_dir), "--config", str(settings), "--subscribers", str(csv), "-q"]) == 2
    assert "sender: invalid email address" in one_error_line(capsys)


@pytest.mark.parametrize("secret", [" ", "short", "               x  "])
def test_a_weak_unsubscribe_secret_is_refused(
    issue_dir: Path, tmp_path: Path, secret: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", secret)
    write_subscribers(issue_dir.parent / "subscribers.csv", 1)
    assert send(issue_dir, 1, "--dry-run", str(tmp_path / "eml")) == 2
    assert "must be at least 16 characters" in one_error_line(capsys)


def test_login_without_tls_to_another_host_is_refused_before_connecting(
    issue_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSLETTER_SMTP_USER", "editor")
    monkeypatch.setenv("NEWSLETTER_SMTP_PASSWORD", "pa55")
    write_subscribers(issue_dir.parent / "subscribers.csv", 1)
    # 192.0.2.1 is TEST-NET-1: the refusal comes first, so nothing is ever dialled
    assert send(issue_dir, 1, "--smtp", "smtp://192.0.2.1:25") == 1
    assert "refusing to send the SMTP login" in one_error_line(capsys)
    Connection(Endpoint("192.0.2.1", 25, "plain"), allow_plain_auth=True)  # --allow-plain-auth: accepted
    Connection(Endpoint("192.0.2.1", 465, "tls"))  # TLS: accepted
    Connection(Endpoint("localhost", 25, "plain"))  # this machine: accepted


def test_login_without_tls_to_this_machine_still_works(
    issue_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from aiosmtpd.smtp import AuthResult

    def editor(*args: object) -> AuthResult:
        return AuthResult(success=True, handled=False)

    monkeypatch.setenv("NEWSLETTER_SMTP_USER", "editor")
    handler = FaultyHandler()
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 1)
    with smtp_server(handler, authenticator=editor, auth_require_tls=False) as port:
        assert send(issue_dir, port) == 0
    assert sorted(handler.by_recipient()) == emails


def test_a_garbled_answer_to_a_message_leaves_it_in_doubt_never_resent(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 3)
    handler.fail(emails[1], "data:garbled")  # the server answers the final dot with a line that has no code
    assert send(issue_dir, port, "--max-attempts", "3") == 3
    assert f"in doubt: {emails[1]}: the server's answer to the message cannot be read" in capsys.readouterr().err
    assert sorted(handler.by_recipient()) == [emails[0], emails[2]]  # not sent again by itself (here: refused)


def endless_reply_server() -> tuple[int, threading.Event]:
    """A server whose greeting never ends: `220-` lines, forever, until the client hangs up."""
    listener = socket.create_server(("127.0.0.1", 0))
    done = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        try:
            while True:
                connection.sendall(b"220-" + b"x" * 1000 + b"\r\n")
        except OSError:
            pass
        finally:
            connection.close()
            listener.close()
            done.set()

    threading.Thread(target=serve, daemon=True).start()
    return listener.getsockname()[1], done


def test_an_endless_server_reply_is_cut_off(issue_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port, done = endless_reply_server()
    write_subscribers(issue_dir.parent / "subscribers.csv", 1)
    assert send(issue_dir, port, "--max-attempts", "1") == 1
    assert f"longer than {MAX_REPLY} bytes" in one_error_line(capsys)
    assert done.wait(10)  # we hung up


def test_a_locked_journal_is_one_line(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    write_subscribers(issue_dir.parent / "subscribers.csv", 1)
    assert send(issue_dir, port) == 0
    write_subscribers(issue_dir.parent / "subscribers.csv", 2)
    capsys.readouterr()
    journal = issue_dir.parent / f"{issue_dir.name}.send.sqlite"
    blocker = sqlite3.connect(journal, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another program writing: our next write fails after sqlite's timeout
    try:
        assert send(issue_dir, port) == 1
    finally:
        blocker.close()
    error = one_error_line(capsys)
    assert "the send journal cannot be used: database is locked" in error
    assert len(handler.received) == 1


def test_a_non_ascii_unsubscribe_url_is_one_line(issue_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_subscribers(issue_dir.parent / "subscribers.csv", 1)
    assert send(issue_dir, 1, "--dry-run", "x", "--unsubscribe-url", "https://例子.example/退订") == 2
    assert "--unsubscribe-url must be ASCII" in one_error_line(capsys)


def test_a_non_ascii_token_is_simply_wrong() -> None:
    assert not verify_unsubscribe_token(b"k" * 20, "2026-W11", "a@example.com", "退订退订")
    assert not verify_unsubscribe_token(b"k" * 20, "2026-W11", "a@example.com", "\udcff")


def test_an_international_sender_without_smtputf8_is_refused_up_front(
    issue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = FaultyHandler(smtputf8=False)
    csv = issue_dir.parent / "subscribers.csv"
    write_subscribers(csv, 2)
    with smtp_server(handler) as port:
        assert send(issue_dir, port, "--from", "用户@example.com") == 2
        assert "does not offer SMTPUTF8, which the address 用户@example.com needs" in one_error_line(capsys)
        csv.write_text("email,name,lang\nplain@example.com,P,en\n读者@例子.example,读者,zh\n", encoding="utf-8")
        assert send(issue_dir, port) == 2
        assert "which the address 读者@例子.example needs; nothing was sent" in one_error_line(capsys)
    assert handler.received == []


def test_international_addresses_go_out_with_smtputf8_when_offered(issue_dir: Path) -> None:
    handler = FaultyHandler()
    csv = issue_dir.parent / "subscribers.csv"
    csv.write_text("email,name,lang\n读者@例子.example,读者,zh\nplain@example.com,P,en\n", encoding="utf-8")
    with smtp_server(handler, enable_SMTPUTF8=True) as port:
        assert send(issue_dir, port, "--from", "研究 <用户@example.com>") == 0
    received = {item.rcpt_to: item for item in handler.received}
    assert sorted(received) == ["plain@example.com", "读者@例子.example"]
    assert all(item.mail_from == "用户@example.com" for item in handler.received)
    assert "From: 研究 <用户@example.com>\r\n".encode() in received["plain@example.com"].data  # RFC 6532: UTF-8
    assert "To: 读者 <读者@例子.example>\r\n".encode() in received["读者@例子.example"].data


def test_dry_run_memory_does_not_grow_with_the_list(issue_dir: Path, tmp_path: Path) -> None:
    editions = load_editions(issue_dir)
    sender = Sender(parse_address("r@harborpeak.example", "--from"), None, "https://h.example/u", b"k" * 20)

    def peak(count: int) -> int:
        subscribers = [Subscriber(f"r{i}@example.com", "", "both", i + 2) for i in range(count)]
        tracemalloc.start()
        dry_run(editions, subscribers, sender, system_clock, lambda message: message, tmp_path / f"eml{count}")
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return size

    small, large = peak(100), peak(700)
    # a "both" message is ~25 KB: 600 more kept in memory would add 15 MB; written as made, next to nothing
    assert large < small + 3_000_000, (small, large)


def test_the_placeholder_in_report_text_stays_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Report text quoting %%unsubscribe_url%% gets no personal link, and the template's own slot still does."""
    import datetime as dt
    from email import message_from_bytes, policy
    from html import escape

    from newsletter.build import BuildOptions, build
    from newsletter.clock import fixed_clock
    from newsletter.options import UNSUBSCRIBE_PLACEHOLDER
    from tests.send_issue import CATALOG, REPORT

    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", SECRET)
    text = REPORT.read_text(encoding="utf-8")
    hostile = f"点击 {UNSUBSCRIBE_PLACEHOLDER} 领取。"
    text = text.replace("本周观点\n\n我们维持", f"本周观点\n\n{hostile}我们维持", 1)
    text = text.replace("宏观需求不及预期的风险：", f"宏观需求不及预期的风险：{hostile}", 1)
    report = tmp_path / "hostile.txt"
    report.write_text(text, encoding="utf-8")
    options = BuildOptions(catalog=CATALOG, brand="Harbor Peak Research")
    moment = fixed_clock(dt.datetime(2026, 3, 16, 8, 0, tzinfo=dt.UTC))
    issue_dir = build([report], str(tmp_path / "out" / "{issue}"), options, moment, lambda message: None).out_dir
    write_subscribers(issue_dir.parent / "subscribers.csv", 3)
    assert send(issue_dir, 1, "--dry-run", str(tmp_path / "eml")) == 0
    editions = {"zh-CN": "zh", "en": "en", "zh-CN, en": "both"}
    for eml in sorted((tmp_path / "eml").glob("*.eml")):
        msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
        url = str(msg["List-Unsubscribe"]).strip("<>")
        built = issue_dir / "editions" / editions[str(msg["Content-Language"])]
        quoted = [
            built.with_suffix(suffix).read_text(encoding="utf-8").count(UNSUBSCRIBE_PLACEHOLDER)
            for suffix in (".txt", ".html")
        ]
        assert all(quoted)  # the report's text made it into the edition, as text
        plain, page = (part.get_content() for part in msg.iter_parts())
        assert plain.count(UNSUBSCRIBE_PLACEHOLDER) == quoted[0] and plain.count(url) == 1  # left alone
        assert page.count(UNSUBSCRIBE_PLACEHOLDER) == quoted[1] and page.count(f'href="{escape(url)}"') == 1
        assert "%%unsubscribe_url." not in plain + page  # the slot itself never reaches a reader


def test_test_to_an_international_address_without_smtputf8_is_one_line(
    issue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = FaultyHandler(smtputf8=False)
    with smtp_server(handler) as port:
        assert send(issue_dir, port, "--test-to", "编辑@example.com") == 2
    assert "does not offer SMTPUTF8, which the address 编辑@example.com needs" in one_error_line(capsys)
    assert handler.received == []
