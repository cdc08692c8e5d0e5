"""The SMTP connection: one per campaign, reused, reopened when dropped.

`deliver` runs one transaction by hand (MAIL, RCPT, DATA) so the caller can
record "sending" in its journal just before DATA, and so a lost connection
can be told apart by where it happened: before the end of the message (not
delivered, safe to retry) or while waiting for the final reply (in doubt).
"""

from __future__ import annotations

import ipaddress
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import IO

from newsletter.errors import SendError

# Re-exported: the URL parser lives in the neutral newsletter.smtp_url since the settings use it too.
from newsletter.smtp_url import PASSWORD_ENV as PASSWORD_ENV
from newsletter.smtp_url import USER_ENV as USER_ENV
from newsletter.smtp_url import Endpoint as Endpoint
from newsletter.smtp_url import parse_smtp_url as parse_smtp_url

LEADING_DOT = re.compile(rb"^\.", re.MULTILINE)
MAX_REPLY = 64 * 1024  # bytes of one server reply, all its lines together: an endless reply is a lost line


class ConnectError(SendError):
    """The server could not be reached or refused the session (retried by the campaign)."""


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # temporary: 4xx or a connection lost before the end of the message
    FAILED = "failed"  # permanent: 5xx
    IN_DOUBT = "in doubt"  # the message went out but the server's answer never came


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    detail: str


def classify(code: int, reply: bytes) -> Result:
    detail = f"{code} {reply.decode('utf-8', 'replace')}".strip()
    if 200 <= code < 300:
        return Result(Outcome.SENT, detail)
    if 500 <= code < 600:
        return Result(Outcome.FAILED, detail)
    return Result(Outcome.RETRY, detail)


Outcomes = tuple[int, Result]  # (the caller's tag of a message, what became of it)


class Connection:
    def __init__(
        self,
        endpoint: Endpoint,
        timeout: float = 60.0,
        local_hostname: str | None = None,
        allow_plain_auth: bool = False,
    ) -> None:
        refuse_plain_login(endpoint, allow_plain_auth)
        self.endpoint = endpoint
        self.timeout = timeout
        # smtplib would look the name up (getfqdn) on every connect
        self.local_hostname = local_hostname or socket.gethostname() or "localhost"
        self.smtp: smtplib.SMTP | None = None
        self.connects = 0
        self._waiting: list[int] = []  # the tag of the message whose final answer is unread

    def deliver(self, sender: str, recipient: str, message: bytes, before_data: Callable[[], None]) -> Result:
        """One message, start to finish."""
        done = self.submit(sender, recipient, message, before_data, tag=-1) + self.flush()
        return next(result for tag, result in done if tag == -1)

    def offers_smtputf8(self) -> bool:
        """Opens the session if need be: may addresses with a non-ASCII local part go through?"""
        return bool(self._session().has_extn("smtputf8"))

    def submit(
        self, sender: str, recipient: str, message: bytes, before_data: Callable[[], None], tag: int
    ) -> list[Outcomes]:
        """Start a message; returns the outcomes now known, this one's and the previous one's.

        With PIPELINING the server's final answer to a message is read only
        after the next message's MAIL, RCPT and DATA went out in the same
        write: one round trip per message. So up to two recipients are
        "sending" at once, and `flush` collects the last answer.
        """
        smtp = self._session()
        if not smtp.has_extn("pipelining"):
            return [(tag, self._step_by_step(smtp, sender, recipient, message, before_data))]
        before_data()
        try:
            smtp.send(f"MAIL FROM:<{sender}>{_utf8_option(sender, recipient)}\r\nRCPT TO:<{recipient}>\r\nDATA\r\n")
        except (smtplib.SMTPException, OSError) as error:
            return self._abandon(tag, f"connection lost before the message was sent ({error})")
        done = self.flush()
        if self.smtp is None:  # lost, or 421, while answering the previous message
            return [*done, (tag, Result(Outcome.RETRY, "connection lost before the message was sent"))]
        return done + self._pipelined_rest(smtp, message, tag)

    def flush(self) -> list[Outcomes]:
        """The answer to the message still waiting for one, if any."""
        if not self._waiting or self.smtp is None:
            return []
        tag = self._waiting.pop()
        return [(tag, self._final_answer(self.smtp))]

    def _final_answer(self, smtp: smtplib.SMTP) -> Result:
        """After the end of the message: a lost line now means nobody knows whether it was accepted."""
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPException, OSError) as error:
            return self._lost(Outcome.IN_DOUBT, f"connection lost waiting for the server's answer ({error})")
        if not 200 <= code < 600:  # garbled: it may have been accepted, so it is never sent again by itself
            return self._lost(Outcome.IN_DOUBT, f"the server's answer to the message cannot be read: {_text(reply)!r}")
        if code == 421:
            self.close(polite=False)
        return classify(code, reply)

    def _pipelined_rest(self, smtp: smtplib.SMTP, message: bytes, tag: int) -> list[Outcomes]:
        try:
            replies = [smtp.getreply() for _ in range(3)]
            refused = _first_refusal(replies)
        except (smtplib.SMTPException, OSError) as error:
            return [(tag, self._lost(Outcome.RETRY, f"connection lost before the message was sent ({error})"))]
        if refused:
            return [(tag, self._after_refusal(smtp, refused))]
        try:
            smtp.send(_data(message))
        except (smtplib.SMTPException, OSError) as error:
            return [(tag, self._lost(Outcome.RETRY, f"connection lost while sending the message ({error})"))]
        self._waiting.append(tag)
        return []

    def _abandon(self, tag: int, detail: str) -> list[Outcomes]:
        """The line died under a write: the message waiting for its answer is in doubt, this one not sent."""
        doubtful = [(waiting, Result(Outcome.IN_DOUBT, detail)) for waiting in self._waiting]
        self._waiting.clear()
        return [*doubtful, (tag, self._lost(Outcome.RETRY, detail))]

    def _step_by_step(
        self, smtp: smtplib.SMTP, sender: str, recipient: str, message: bytes, before_data: Callable[[], None]
    ) -> Result:
        try:
            refused = _envelope(smtp, sender, recipient, before_data)
        except (smtplib.SMTPException, OSError) as error:
            return self._lost(Outcome.RETRY, f"connection lost before the message was sent ({error})")
        if refused:
            return self._after_refusal(smtp, refused)
        try:
            smtp.send(_data(message))
        except (smtplib.SMTPException, OSError) as error:
            return self._lost(Outcome.RETRY, f"connection lost while sending the message ({error})")
        return self._final_answer(smtp)

    def _after_refusal(self, smtp: smtplib.SMTP, result: Result) -> Result:
        if result.detail.startswith("421"):
            self.close(polite=False)
            return result
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close(polite=False)
        return result

    def _lost(self, outcome: Outcome, detail: str) -> Result:
        self.close(polite=False)
        return Result(outcome, detail)

    def _session(self) -> smtplib.SMTP:
        if self.smtp is None:
            self.smtp = self._open()
            self.connects += 1
        return self.smtp

    def _open(self) -> smtplib.SMTP:
        endpoint = self.endpoint
        try:
            smtp = self._socket()
            # the message and the next envelope are two writes: without this, Nagle holds the second
            # until the server's delayed ACK of the first (tens of ms a message on an idle link)
            if smtp.sock is not None:
                smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            smtp.ehlo()
            if endpoint.security == "starttls":
                smtp.starttls(context=_tls_context(endpoint))
                smtp.ehlo()
            _login(smtp)
            if smtp.has_extn("smtputf8"):
                smtp.command_encoding = "utf-8"  # sent only with the SMTPUTF8 option (RFC 6531)
        except smtplib.SMTPAuthenticationError as error:
            raise SendError(
                f"the SMTP server {endpoint} refused the login: {error.smtp_code} {_text(error.smtp_error)}"
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            raise ConnectError(f"cannot open an SMTP session with {endpoint}: {error}") from error
        return smtp

    def _socket(self) -> smtplib.SMTP:
        endpoint = self.endpoint
        if endpoint.security == "tls":
            return _BoundedSMTP_SSL(
                endpoint.host,
                endpoint.port,
                local_hostname=self.local_hostname,
                timeout=self.timeout,
                context=_tls_context(endpoint),
            )
        return _BoundedSMTP(endpoint.host, endpoint.port, local_hostname=self.local_hostname, timeout=self.timeout)

    def close(self, polite: bool = True) -> None:
        smtp, self.smtp = self.smtp, None
        self._waiting.clear()  # an unread answer stays unknown: the journal keeps that recipient in doubt
        if smtp is None:
            return
        try:
            if polite:
                smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass
        smtp.close()


def refuse_plain_login(endpoint: Endpoint, allowed: bool) -> None:
    """A password sent without TLS can be read by anyone on the path; only this machine is exempt."""
    if os.environ.get(USER_ENV) and endpoint.security == "plain" and not allowed and not _loopback(endpoint.host):
        raise SendError(
            f"refusing to send the SMTP login ({USER_ENV}) without TLS to {endpoint}; use smtps:// or "
            "smtp+starttls://, or --allow-plain-auth if the network is trusted"
        )


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _utf8_option(*addresses: str) -> str:
    return "" if all(address.isascii() for address in addresses) else " SMTPUTF8"


class _ReplyReader:
    """The server's reply stream, with a budget per reply: an endless reply cannot fill the memory."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.budget = MAX_REPLY

    def readline(self, limit: int = -1) -> bytes:
        line = self.raw.readline(limit)
        self.budget -= len(line)
        if self.budget < 0:
            raise smtplib.SMTPResponseException(500, f"the server's reply is longer than {MAX_REPLY} bytes")
        return line

    def close(self) -> None:
        self.raw.close()


def _bounded_reply(smtp: smtplib.SMTP) -> None:
    if smtp.file is None and smtp.sock is not None:
        smtp.file = _ReplyReader(smtp.sock.makefile("rb"))
    if isinstance(smtp.file, _ReplyReader):
        smtp.file.budget = MAX_REPLY


class _BoundedSMTP(smtplib.SMTP):
    def getreply(self) -> tuple[int, bytes]:
        _bounded_reply(self)
        return super().getreply()


class _BoundedSMTP_SSL(smtplib.SMTP_SSL):
    def getreply(self) -> tuple[int, bytes]:
        _bounded_reply(self)
        return super().getreply()


def _envelope(smtp: smtplib.SMTP, sender: str, recipient: str, before_data: Callable[[], None]) -> Result | None:
    """MAIL, RCPT and DATA one at a time; a Result when the server refused one of them."""
    mail = f"FROM:<{sender}>{_utf8_option(sender, recipient)}"
    for command, argument in (("MAIL", mail), ("RCPT", f"TO:<{recipient}>")):
        code, reply = smtp.docmd(command, argument)
        if code not in (250, 251):
            return classify(code, reply)
    before_data()
    code, reply = smtp.docmd("DATA")
    return None if code == 354 else classify(code, reply)


def _data(message: bytes) -> bytes:
    """The message dot-stuffed and ended by a line holding only a dot (RFC 5321 4.5.2)."""
    ending = b"" if message.endswith(b"\r\n") else b"\r\n"
    if message.startswith(b".") or b"\n." in message:
        message = LEADING_DOT.sub(b"..", message)
    return message + ending + b".\r\n"


def _first_refusal(replies: list[tuple[int, bytes]]) -> Result | None:
    """The answers to a pipelined MAIL, RCPT, DATA: the first refusal, if any."""
    for (code, reply), accepted in zip(replies, ((250,), (250, 251), (354,)), strict=True):
        if code not in accepted:
            if replies[2][0] == 354:  # a broken server is waiting for a message nobody should get
                raise smtplib.SMTPResponseException(code, b"DATA accepted for a refused envelope")
            return classify(code, reply)
    return None


def _tls_context(endpoint: Endpoint) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=endpoint.cafile)


def _login(smtp: smtplib.SMTP) -> None:
    user = os.environ.get(USER_ENV)
    if user:
        smtp.login(user, os.environ.get(PASSWORD_ENV, ""))


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
