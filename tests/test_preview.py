"""`newsletter preview`: served on 127.0.0.1, rebuilt and reloaded on change.

The browser test runs a real headless Chromium (tests/devtools.py): it loads
the page, an editor's template edit lands on disk, and the page changes by
itself; a screenshot is kept under the test's tmp folder.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.build import BuildOptions
from newsletter.clock import fixed_clock
from newsletter.preview import EVENTS, Previewer, PreviewServer, PreviewSource
from tests.devtools import chromium, wait_until
from tests.editors_support import build_project, make_project

CLOCK = fixed_clock(dt.datetime(2026, 3, 13, 8, 0, tzinfo=dt.UTC))
EDITION = "view/briefing.md"  # a text edition, wrapped in a page
EMAIL = "out/briefing.html"  # the bilingual email, as mail programs get it (plus the reload script)


def options(root: Path) -> BuildOptions:
    return BuildOptions(
        catalog=root / "translations" / "en.po",
        templates=root / "templates",
        brand="Harbor Peak Weekly",
        cache=root / ".newsletter-cache",
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def server(project: Path) -> Iterator[PreviewServer]:
    previewer = Previewer(PreviewSource(reports=(project / "weekly.txt",)), options(project), CLOCK)
    with PreviewServer(previewer) as running:
        yield running


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def read_until(stream: socket.socket, text: str) -> str:
    received = ""
    while text not in received:
        chunk = stream.recv(4096).decode()
        assert chunk, "the server closed the event stream"
        received += chunk
    return received


def edit(template: Path, text: str) -> None:
    """Write as an editor's program does, and make sure the change is visible to mtime."""
    template.write_text(text, encoding="utf-8")


def test_index_lists_every_output_with_the_docx_to_download(server: PreviewServer) -> None:
    status, kind, page = get(server.url)
    assert status == 200 and kind.startswith("text/html")
    for name in server.previewer.snapshot.outputs:
        assert f">{name}</a>" in page
    assert "<a href='/out/editions/en.html'>editions/en.html</a> (email · English)" in page
    assert "<a href='/view/editions/zh.txt'>editions/zh.txt</a> (plain text · Chinese)" in page
    assert "<a href='/out/briefing.docx' download>briefing.docx</a> (Word, download)" in page
    assert "Issue 2026-W11" in page
    assert EVENTS in page  # the page reloads itself too


def test_served_pages_get_the_reload_script_and_the_built_files_never(server: PreviewServer, project: Path) -> None:
    _, _, page = get(server.url + EDITION)
    assert "new EventSource('/__preview/events')" in page
    code, issue = build_project(project)
    assert code == 0
    for output in (path for path in issue.rglob("*") if path.is_file()):
        assert b"EventSource" not in output.read_bytes(), output.name


def test_server_listens_on_loopback_only(server: PreviewServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")


def test_a_template_edit_triggers_a_rebuild_and_an_event(server: PreviewServer, project: Path) -> None:
    before = server.previewer.snapshot.version
    with socket.create_connection(("127.0.0.1", server.httpd.server_address[1]), timeout=10) as stream:
        stream.sendall(f"GET {EVENTS} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert f"data: {before}\n\n" in read_until(stream, "data:")
        edit(project / "templates" / "briefing.md.j2", "EDITED {{ issue.id }}\n")
        received = read_until(stream, "data:")
    after = server.previewer.snapshot
    assert after.version != before and f"data: {after.version}" in received
    assert after.outputs["briefing.md"] == b"EDITED 2026-W11\n"


def test_a_template_error_shows_in_the_page_until_fixed(server: PreviewServer, project: Path) -> None:
    template = project / "templates" / "briefing.md.j2"
    edit(template, "{{ issue.titel }}\n")
    wait_until(lambda: server.previewer.snapshot.error is not None, 10, "no rebuild after the edit")
    status, _, page = get(server.url + EDITION)
    assert status == 404 or status == 500
    assert "briefing.md.j2: line 1: Issue has no attribute &#x27;titel&#x27;" in page
    edit(template, "{{ issue.id }} fixed\n")
    wait_until(lambda: server.previewer.snapshot.error is None, 10, "no rebuild after the fix")
    assert "2026-W11 fixed" in get(server.url + EDITION)[2]


def test_a_catalog_change_is_picked_up(server: PreviewServer, project: Path) -> None:
    catalog = project / "translations" / "en.po"
    english = "Harbor Peak Securities Computer Industry Weekly"
    assert english in get(server.url + EDITION)[2]
    edit(catalog, catalog.read_text(encoding="utf-8").replace(english, "Harbor Peak Tech Weekly"))
    wait_until(lambda: "Harbor Peak Tech Weekly" in get(server.url + EDITION)[2], 10, "catalog change not shown")


def test_preview_from_an_issue_folder_follows_its_report_and_writes_nothing_into_it(project: Path) -> None:
    code, issue = build_project(project)
    assert code == 0
    before = {path.relative_to(issue): path.read_bytes() for path in issue.rglob("*") if path.is_file()}
    previewer = Previewer(PreviewSource.from_issue_dir(issue), options(project), CLOCK)
    with PreviewServer(previewer) as server:
        assert get(server.url + EDITION)[0] == 200
        edit(project / "templates" / "briefing.md.j2", "changed\n")
        wait_until(lambda: get(server.url + EDITION)[2].count("changed") == 1, 10, "no rebuild")
        # The report the folder was built from is watched too.
        edit(project / "templates" / "briefing.md.j2", "{{ issue.items[0].sections[0].paragraphs[0].source }}\n")
        report = project / "weekly.txt"
        edit(report, report.read_text(encoding="utf-8").replace("成交活跃", "成交清淡"))
        wait_until(lambda: "成交清淡" in get(server.url + EDITION)[2], 10, "the report change was not picked up")
    assert {path.relative_to(issue): path.read_bytes() for path in issue.rglob("*") if path.is_file()} == before


def test_in_chromium_template_edits_change_the_open_email(server: PreviewServer, project: Path, tmp_path: Path) -> None:
    """The README's colour edit, then a content edit, each seen in the open page without reloading it by hand."""
    heading_colour = "getComputedStyle(document.querySelector('h2')).color"
    with chromium(tmp_path / "profile") as page:
        page.goto(server.url + EMAIL)
        assert "Harbor Peak Weekly" in page.evaluate("document.body.innerText")
        assert page.evaluate(heading_colour) == "rgb(11, 61, 92)"  # the default #0b3d5c
        page.screenshot(tmp_path / "preview-before.png")
        page.evaluate("window.__notReloaded = true")
        edit(
            project / "templates" / "email.mjml.j2",
            '{% extends "default/email.mjml.j2" %}\n{% block extra_styles %}h2 { color: #8b1e3f; }{% endblock %}\n',
        )
        # The page reloads by itself (the marker is gone) and shows the edit.
        page.wait_for(f"window.__notReloaded === undefined && {heading_colour} === 'rgb(139, 30, 63)'")
        page.evaluate("window.__notReloaded = true")
        edit(
            project / "templates" / "briefing.md.j2",
            '{% extends "default/briefing.md.j2" %}\n'
            "{% block masthead %}# Edited live · {{ issue.id }}\n{% endblock %}\n",
        )
        page.wait_for(
            "window.__notReloaded === undefined && document.body.innerText.includes('Edited live · 2026-W11')"
        )
        shot = page.screenshot(tmp_path / "preview-after.png")
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 1000
    print(f"screenshots: {tmp_path}/preview-before.png, {shot}")


def test_the_command_serves_reports_on_loopback_and_stops_cleanly_on_ctrl_c(project: Path) -> None:
    command = [sys.executable, "-m", "newsletter", "preview", str(project / "weekly.txt"), "--port", "0"]
    command += ["--config", str(project / "newsletter.toml")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=project)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert url, first
        status, _, page = get(url.group(0))
        assert status == 200 and ">briefing.docx</a> (Word, download)" in page
        edit(project / "templates" / "briefing.md.j2", "{{ issue.nothing }}\n")
        wait_until(lambda: "Issue has no attribute" in get(url.group(0))[2], 10, "no rebuild after the edit")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, err
    assert "preview stopped" in out
    assert "error: templates/briefing.md.j2: line 1: Issue has no attribute 'nothing'" in err
    assert "Traceback" not in err


def test_the_docx_is_served_as_a_word_file(server: PreviewServer) -> None:
    with urllib.request.urlopen(server.url + "out/briefing.docx", timeout=10) as response:
        body = response.read()
        kind = response.headers["Content-Type"]
    assert kind == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert body == server.previewer.snapshot.outputs["briefing.docx"] and body.startswith(b"PK")
