"""smtps:// and STARTTLS with a login from the environment, against aiosmtpd with a throwaway certificate."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult

from newsletter.cli import main
from tests.send_issue import make_issue, write_subscribers
from tests.smtp_server import FaultyHandler, smtp_server


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.fail("openssl is needed for the TLS tests (.ci/run installs it)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def only_editor(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = auth_data.login == b"editor" and auth_data.password == b"pa55"
    return AuthResult(success=ok, handled=False)


def send(tmp_path: Path, url: str) -> int:
    issue_dir = make_issue(tmp_path / "out")
    write_subscribers(tmp_path / "subscribers.csv", 3)
    return main(
        [
            "send",
            str(issue_dir),
            "--subscribers",
            str(tmp_path / "subscribers.csv"),
            "--smtp",
            url,
            "--from",
            "research@harborpeak.example",
            "--unsubscribe-url",
            "https://harborpeak.example/u",
            "-q",
        ]
    )


@pytest.fixture(autouse=True)
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", "key-of-the-tests-1234")
    monkeypatch.setenv("NEWSLETTER_SMTP_USER", "editor")
    monkeypatch.setenv("NEWSLETTER_SMTP_PASSWORD", "pa55")


def test_starttls_with_login(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    handler = FaultyHandler()
    options = {"tls_context": server_context(certificate), "require_starttls": True, "authenticator": only_editor}
    with smtp_server(handler, **options) as port:
        assert send(tmp_path, f"smtp+starttls://127.0.0.1:{port}?cafile={certificate[0]}") == 0
    assert len(handler.received) == 3


def test_implicit_tls_with_login(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    handler = FaultyHandler()
    options = {"ssl_context": server_context(certificate), "authenticator": only_editor, "auth_require_tls": False}
    with smtp_server(handler, **options) as port:
        assert send(tmp_path, f"smtps://127.0.0.1:{port}?cafile={certificate[0]}") == 0
    assert len(handler.received) == 3


def test_refused_login_is_one_clear_error_and_nothing_is_sent(
    tmp_path: Path, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSLETTER_SMTP_PASSWORD", "wrong")
    handler = FaultyHandler()
    options = {"tls_context": server_context(certificate), "require_starttls": True, "authenticator": only_editor}
    with smtp_server(handler, **options) as port:
        assert send(tmp_path, f"smtp://127.0.0.1:{port}?starttls&cafile={certificate[0]}") == 1
    assert "refused the login: 535" in capsys.readouterr().err
    assert handler.received == []
