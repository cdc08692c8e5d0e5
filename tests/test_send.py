"""`newsletter send` against a real SMTP server (aiosmtpd) on 127.0.0.1, faults included."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from newsletter.cli import main
from newsletter.send.message import verify_unsubscribe_token
from tests.send_issue import make_issue, write_subscribers
from tests.smtp_server import FaultyHandler, smtp_server

SECRET = "test-secret-of-the-suite"


@pytest.fixture
def server() -> Iterator[tuple[FaultyHandler, int]]:
    handler = FaultyHandler()
    with smtp_server(handler) as port:
        yield handler, port


@pytest.fixture
def issue_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", SECRET)
    return make_issue(tmp_path / "out")


def send(issue_dir: Path, port: int, *extra: str, subscribers: Path | None = None) -> int:
    csv = subscribers or issue_dir.parent / "subscribers.csv"
    return main(
        [
            "send",
            str(issue_dir),
            "--subscribers",
            str(csv),
            "--smtp",
            f"smtp://127.0.0.1:{port}",
            "--from",
            "Harbor Peak Research <research@harborpeak.example>",
            "--unsubscribe-url",
            "https://harborpeak.example/unsubscribe",
            "--retry-delay",
            "0.01",
            "-q",
            *extra,
        ]
    )


def test_each_subscriber_gets_their_edition_once_over_one_connection(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 6)
    assert send(issue_dir, port) == 0
    received = handler.by_recipient()
    assert sorted(received) == emails and all(len(copies) == 1 for copies in received.values())
    assert handler.connections == 1
    assert "6 sent now" in capsys.readouterr().out
    assert send(issue_dir, port) == 0  # the rerun finds everyone served
    assert len(handler.received) == 6
    assert "0 sent now, 6 sent before" in capsys.readouterr().out


def test_message_has_text_html_and_one_click_headers(issue_dir: Path, server: tuple[FaultyHandler, int]) -> None:
    handler, port = server
    write_subscribers(issue_dir.parent / "subscribers.csv", 3)
    assert send(issue_dir, port, "--reply-to", "desk@harborpeak.example") == 0
    for item in handler.received:
        msg = item.message()
        assert msg.get_content_type() == "multipart/alternative"
        assert [part.get_content_type() for part in msg.iter_parts()] == ["text/plain", "text/html"]
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = msg["List-Unsubscribe"].strip("<>")
        query = parse_qs(urlsplit(url).query)
        assert url.startswith("https://harborpeak.example/unsubscribe?")
        assert query["email"] == [item.rcpt_to]
        assert verify_unsubscribe_token(SECRET.encode(), query["issue"][0], item.rcpt_to, query["token"][0])
        assert not verify_unsubscribe_token(SECRET.encode(), query["issue"][0], "other@x.example", query["token"][0])
        text, page = (part.get_content() for part in msg.iter_parts())
        assert url in text and url.replace("&", "&amp;") in page  # the personal link is in the body too
        assert msg["Message-ID"].endswith("@harborpeak.example>") and msg["Date"]
        assert msg["Reply-To"] == "desk@harborpeak.example"
        assert item.mail_from == "research@harborpeak.example"


def test_editions_differ_by_language(issue_dir: Path, server: tuple[FaultyHandler, int]) -> None:
    handler, port = server
    write_subscribers(issue_dir.parent / "subscribers.csv", 3)  # zh, en, both
    assert send(issue_dir, port) == 0
    messages = {item.rcpt_to: item.message() for item in handler.received}
    zh, en, both = (messages[f"reader{i:05d}@clients.example"] for i in range(3))
    assert [m["Content-Language"] for m in (zh, en, both)] == ["zh-CN", "en", "zh-CN, en"]
    assert len({m["Subject"] for m in (zh, en, both)}) == 3
    texts = [m.get_body(("plain",)).get_content() for m in (zh, en, both)]  # type: ignore[union-attr]
    pages = [m.get_body(("html",)).get_content() for m in (zh, en, both)]  # type: ignore[union-attr]
    for body in (texts, pages):
        # the key points (the email shows each report as a card): one language per edition
        chinese, english = "其中东部枢纽港贡献最大", "led by the eastern hub ports"
        assert chinese in body[0] and chinese not in body[1] and chinese in body[2]
        assert english not in body[0] and english in body[1] and english in body[2]
        risk = "宏观需求不及预期的风险"  # compliance text: the Chinese verbatim in every edition
        assert all(risk in edition for edition in body)
        assert "Risk of weaker macro demand" in body[1] and "Risk of weaker macro demand" in body[2]


def test_bad_rows_are_all_listed_and_nothing_is_sent(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    csv = issue_dir.parent / "bad.csv"
    csv.write_text(
        "email,name,lang\nok@clients.example,A,zh\nnot-an-email,B,en\nc@clients.example,C,fr\n"
        "OK@clients.example,D,en\n",
        encoding="utf-8",
    )
    assert send(issue_dir, port, subscribers=csv) == 1
    error = capsys.readouterr().err.strip()
    assert "line 3: invalid email address 'not-an-email'" in error
    assert "line 4: lang must be one of zh, en, both, not 'fr'" in error
    assert "line 5: OK@clients.example is already on line 2" in error
    assert "3 bad rows, nothing was sent" in error and len(error.splitlines()) == 1
    assert handler.received == [] and handler.connections == 0


def test_temporary_failures_are_retried_and_connections_reopened(
    issue_dir: Path, server: tuple[FaultyHandler, int]
) -> None:
    handler, port = server
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 5)
    handler.fail(emails[0], "rcpt:451", "rcpt:451")
    handler.fail(emails[1], "mail:drop")
    handler.fail(emails[2], "rcpt:421")
    handler.fail(emails[3], "data:451")
    assert send(issue_dir, port) == 0
    received = handler.by_recipient()
    assert sorted(received) == emails and all(len(copies) == 1 for copies in received.values())
    assert handler.connections >= 3  # reopened after the drop and after 421


def test_permanent_failure_is_reported_and_exit_code_says_so(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 4)
    handler.fail(emails[1], "rcpt:550")
    handler.fail(emails[2], "data:554")
    assert send(issue_dir, port) == 3
    streams = capsys.readouterr()
    assert f"failed: {emails[1]}: 550" in streams.err and f"failed: {emails[2]}: 554" in streams.err
    assert sorted(handler.by_recipient()) == [emails[0], emails[3]]
    assert send(issue_dir, port) == 3  # failures are not retried by a rerun, and still reported
    assert len(handler.received) == 2


def test_endless_4xx_is_deferred_after_bounded_attempts_and_a_rerun_retries(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 2)
    handler.fail(emails[0], *["rcpt:451"] * 3)
    assert send(issue_dir, port, "--max-attempts", "3") == 3
    assert f"deferred: {emails[0]}: gave up for now after 3 attempts: 451" in capsys.readouterr().err
    assert send(issue_dir, port, "--max-attempts", "3") == 0
    assert sorted(handler.by_recipient()) == emails and len(handler.received) == 2


def test_answer_lost_after_data_is_in_doubt_not_resent(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 3)
    handler.fail(emails[1], "data:drop")  # the server read the whole message, then the line went dead
    assert send(issue_dir, port) == 3
    assert f"in doubt: {emails[1]}" in capsys.readouterr().err
    assert send(issue_dir, port) == 3
    assert f"in doubt: {emails[1]}" in capsys.readouterr().err
    assert sorted(handler.by_recipient()) == [emails[0], emails[2]]
    assert send(issue_dir, port, "--resend-in-doubt") == 0
    assert sorted(handler.by_recipient()) == emails


def test_unreachable_server_is_one_clear_error(issue_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.smtp_server import free_port

    write_subscribers(issue_dir.parent / "subscribers.csv", 2)
    assert send(issue_dir, free_port(), "--max-attempts", "2") == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("newsletter send: error: cannot open an SMTP session with 127.0.0.1:")
    assert "rerun the same command" in error and len(error.splitlines()) == 1


def test_dry_run_writes_one_eml_per_subscriber(issue_dir: Path, tmp_path: Path) -> None:
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 4)
    assert send(issue_dir, 1, "--dry-run", str(tmp_path / "eml")) == 0
    files = sorted((tmp_path / "eml").glob("*.eml"))
    assert [f.name.split("-", 1)[1].removesuffix(".eml") for f in files] == emails
    assert all(b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in f.read_bytes() for f in files)


def test_dry_run_puts_each_personal_link_in_the_template_footer(issue_dir: Path, tmp_path: Path) -> None:
    write_subscribers(issue_dir.parent / "subscribers.csv", 3)  # zh, en, both
    assert send(issue_dir, 1, "--dry-run", str(tmp_path / "eml")) == 0
    labels = {"zh-CN": "退订", "en": "Unsubscribe", "zh-CN, en": "退订 / Unsubscribe"}
    colons = {"zh-CN": "：", "en": ": ", "zh-CN, en": "："}
    links = set()
    for eml in sorted((tmp_path / "eml").glob("*.eml")):
        msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
        assert isinstance(msg, EmailMessage)
        url = msg["List-Unsubscribe"].strip("<>")
        query = parse_qs(urlsplit(url).query)
        assert verify_unsubscribe_token(SECRET.encode(), query["issue"][0], query["email"][0], query["token"][0])
        language = str(msg["Content-Language"])
        text, page = (part.get_content() for part in msg.iter_parts())
        for body in (text, page):
            assert "%%unsubscribe_url%%" not in body and "unsubscribe_url" not in body
        # in the template's slot, localised, and only there (no footer appended as a fallback)
        assert text.rstrip().endswith(f"{labels[language]}{colons[language]}{url}") and text.count(url) == 1
        assert page.count(f'<a href="{escape(url)}"') == 1 and f">{labels[language]}</a>" in page
        links.add(url)
    assert len(links) == 3


def test_a_template_without_the_slot_gets_a_footer_link(issue_dir: Path, tmp_path: Path) -> None:
    """A house template that dropped %%unsubscribe_url%% still sends a working personal link."""
    html, text = issue_dir / "editions" / "zh.html", issue_dir / "editions" / "zh.txt"
    slot = re.compile(r'<a href="%%unsubscribe_url[.0-9a-f]*%%"[^>]*>[^<]*</a>|.*%%unsubscribe_url[.0-9a-f]*%%.*\n')
    for path in (html, text):
        path.write_text(slot.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
        assert "%%unsubscribe_url%%" not in path.read_text(encoding="utf-8")
    write_subscribers(issue_dir.parent / "subscribers.csv", 1, langs=("zh",))
    assert send(issue_dir, 1, "--dry-run", str(tmp_path / "eml")) == 0
    (eml,) = (tmp_path / "eml").glob("*.eml")
    msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    url = msg["List-Unsubscribe"].strip("<>")
    text, page = (part.get_content() for part in msg.iter_parts())
    assert text.rstrip().endswith(f"退订: {url}")
    assert page.index(f'<a href="{escape(url)}">退订</a>') < page.index("</body>")


def test_test_to_sends_every_edition_outside_the_journal(issue_dir: Path, server: tuple[FaultyHandler, int]) -> None:
    handler, port = server
    assert send(issue_dir, port, "--test-to", "editor@harborpeak.example") == 0
    assert sorted(m.message()["Content-Language"] for m in handler.received) == ["en", "zh-CN", "zh-CN, en"]
    assert not (issue_dir.parent / f"{issue_dir.name}.send.sqlite").exists()


def test_server_without_pipelining_gets_one_command_at_a_time(issue_dir: Path) -> None:
    handler = FaultyHandler(pipelining=False)
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 4)
    handler.fail(emails[0], "rcpt:451")
    handler.fail(emails[1], "mail:drop")
    handler.fail(emails[2], "data:550")
    with smtp_server(handler) as port:
        assert send(issue_dir, port) == 3
    assert sorted(handler.by_recipient()) == [emails[0], emails[1], emails[3]]
    assert all(len(copies) == 1 for copies in handler.by_recipient().values())


def test_chinese_names_and_subjects_are_encoded_and_read_back(
    issue_dir: Path, server: tuple[FaultyHandler, int]
) -> None:
    handler, port = server
    write_subscribers(issue_dir.parent / "subscribers.csv", 1)
    assert send(issue_dir, port) == 0
    raw = handler.received[0].data
    assert raw.isascii() and all(len(line) <= 998 for line in raw.split(b"\r\n"))
    msg = handler.received[0].message()
    assert msg["To"].addresses[0].display_name == "读者 0"
    meta = json.loads((issue_dir / "editions" / "meta.json").read_text(encoding="utf-8"))
    assert msg["Subject"] == meta["zh"]["subject"] and not msg["Subject"].isascii()


def test_lines_starting_with_a_dot_arrive_intact(server: tuple[FaultyHandler, int]) -> None:
    from newsletter.send.transport import Connection, Endpoint, Outcome

    handler, port = server
    message = b"Subject: dots\r\n\r\n.hidden\r\n..two\r\nlast line without an ending"
    result = Connection(Endpoint("127.0.0.1", port, "plain")).deliver(
        "a@x.example", "b@x.example", message, lambda: None
    )
    assert result.outcome is Outcome.SENT
    assert handler.received[0].data == message + b"\r\n"


def test_rate_limit_spaces_the_messages(issue_dir: Path, server: tuple[FaultyHandler, int]) -> None:
    import time

    handler, port = server
    write_subscribers(issue_dir.parent / "subscribers.csv", 6)
    start = time.monotonic()
    assert send(issue_dir, port, "--rate", "20") == 0
    assert time.monotonic() - start >= 5 / 20  # a lower bound: slowness cannot make this fail
    assert len(handler.received) == 6


def test_rebuilt_issue_mid_campaign_is_flagged(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    write_subscribers(issue_dir.parent / "subscribers.csv", 2)
    assert send(issue_dir, port) == 0
    html = issue_dir / "editions" / "zh.html"
    html.write_text(html.read_text(encoding="utf-8").replace("</body>", "<p>勘误</p></body>"), encoding="utf-8")
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 4)
    capsys.readouterr()
    assert send(issue_dir, port) == 0
    assert "was rebuilt after sending began" in capsys.readouterr().err
    assert sorted(handler.by_recipient()) == emails and len(handler.received) == 4
    assert send(issue_dir, port) == 0  # warned once per change
    assert "rebuilt" not in capsys.readouterr().err


def test_progress_goes_to_stderr_and_stdout_keeps_the_summary(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    _, port = server
    write_subscribers(issue_dir.parent / "subscribers.csv", 10)
    argv = [
        "send",
        str(issue_dir),
        "--subscribers",
        str(issue_dir.parent / "subscribers.csv"),
        "--smtp",
        f"smtp://127.0.0.1:{port}",
        "--from",
        "r@harborpeak.example",
        "--unsubscribe-url",
        "https://harborpeak.example/u",
    ]
    assert main(argv) == 0
    streams = capsys.readouterr()
    final = streams.err.replace("\r", "\n").splitlines()
    assert any(line.startswith("sending: 100%") and "10/10" in line for line in final)  # tqdm's last state
    assert "sending" not in streams.out and "10 sent now" in streams.out


def test_n_connections_share_the_list_and_the_journal(
    issue_dir: Path, server: tuple[FaultyHandler, int], capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = server
    emails = write_subscribers(issue_dir.parent / "subscribers.csv", 24)
    handler.fail(emails[3], "rcpt:451")  # a retry, taken by whichever connection is free
    handler.fail(emails[5], "rcpt:550")
    assert send(issue_dir, port, "--connections", "4") == 3
    received = handler.by_recipient()
    assert sorted(received) == sorted(set(emails) - {emails[5]}) and all(len(c) == 1 for c in received.values())
    assert handler.connections == 4
    assert "23 sent now" in capsys.readouterr().out
    assert send(issue_dir, port, "--connections", "4") == 3  # the journal knows them all
    assert "0 sent now, 23 sent before, 1 failed" in capsys.readouterr().out and len(handler.received) == 23


def test_rate_caps_the_whole_run_over_n_connections(issue_dir: Path, server: tuple[FaultyHandler, int]) -> None:
    import time

    handler, port = server
    write_subscribers(issue_dir.parent / "subscribers.csv", 8)
    start = time.monotonic()
    assert send(issue_dir, port, "--rate", "20", "--connections", "4") == 0
    assert time.monotonic() - start >= 7 / 20  # not 4 x 20 a second: a lower bound, slowness cannot fail it
    assert len(handler.received) == 8
