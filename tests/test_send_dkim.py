"""DKIM: the bytes the server receives carry a signature that verifies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsletter.cli import main
from tests.send_issue import make_issue, write_subscribers
from tests.smtp_server import FaultyHandler, smtp_server

dkim = pytest.importorskip("dkim")


def test_received_messages_verify_against_the_published_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", "key-of-the-tests-1234")
    subprocess.run([Path(sys.executable).parent / "dknewkey", "news"], cwd=tmp_path, check=True, capture_output=True)
    record = (tmp_path / "news.dns").read_bytes()
    issue_dir = make_issue(tmp_path)
    write_subscribers(tmp_path / "subscribers.csv", 3)
    handler = FaultyHandler()
    with smtp_server(handler) as port:
        code = main(
            [
                "send",
                str(issue_dir),
                "--subscribers",
                str(tmp_path / "subscribers.csv"),
                "--smtp",
                f"smtp://127.0.0.1:{port}",
                "--from",
                "research@harborpeak.example",
                "--unsubscribe-url",
                "https://harborpeak.example/u",
                "-q",
                "--dkim-key",
                str(tmp_path / "news.key"),
                "--dkim-selector",
                "news",
            ]
        )
    assert code == 0 and len(handler.received) == 3

    def dns(name: bytes, timeout: int = 5) -> bytes:
        assert name == b"news._domainkey.harborpeak.example."
        return record

    for item in handler.received:
        assert item.data.startswith(b"DKIM-Signature: ")
        assert dkim.verify(item.data, dnsfunc=dns)
        tampered = item.data.replace(b"Subject:", b"Subject: X", 1)  # the value may be folded to the next line
        assert not dkim.verify(tampered, dnsfunc=dns)


def test_unreadable_key_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", "key-of-the-tests-1234")
    issue_dir = make_issue(tmp_path)
    bad = tmp_path / "bad.key"
    bad.write_text("not a key", encoding="utf-8")
    code = main(
        [
            "send",
            str(issue_dir),
            "--test-to",
            "a@b.example",
            "--smtp",
            "smtp://127.0.0.1:1",
            "--from",
            "r@harborpeak.example",
            "--unsubscribe-url",
            "https://h.example/u",
            "--dkim-key",
            str(bad),
        ]
    )
    assert code == 1
    assert capsys.readouterr().err.startswith("newsletter send: error: DKIM signing failed")
