"""A real built issue for the send tests: `newsletter build` on our fictional fixture report.

Until the build writes editions/ itself, the missing edition files are made
here from the built briefing, following the agreed layout.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

from newsletter.build import BuildOptions, build
from newsletter.clock import fixed_clock

FIXTURE = Path(__file__).parent / "fixtures" / "send_weekly.txt"
NOW = dt.datetime(2026, 3, 16, 8, 0, tzinfo=dt.UTC)
LANGUAGE = {"zh": "zh-CN", "en": "en", "both": "zh-CN, en"}
SUBJECT = {"zh": "海峰周报 {issue}", "en": "Harbor Peak weekly {issue}", "both": "海峰周报 Harbor Peak weekly {issue}"}


def make_issue(root: Path) -> Path:
    result = build([FIXTURE], str(root / "{issue}"), BuildOptions(), fixed_clock(NOW), lambda message: None)
    editions = result.out_dir / "editions"
    if not (editions / "meta.json").exists():
        _stand_in_editions(result.out_dir, result.issue.id)
    return result.out_dir


def _stand_in_editions(folder: Path, issue: str) -> None:
    briefing = (folder / "briefing.md").read_text(encoding="utf-8")
    lines = [line for line in briefing.splitlines() if line.strip()]
    zh = [line for line in lines if not line.isascii()]
    en = [line for line in lines if line.isascii()] + ["This week: container volumes edged up."]
    texts = {"zh": zh, "en": en, "both": zh + en}
    (folder / "editions").mkdir()
    meta = {}
    for name, body in texts.items():
        subject = SUBJECT[name].format(issue=issue)
        preheader = f"{subject} preheader"
        meta[name] = {"subject": subject, "preheader": preheader, "content_language": LANGUAGE[name]}
        (folder / "editions" / f"{name}.txt").write_text("\n\n".join(body) + "\n", encoding="utf-8")
        paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in body)
        page = (
            f'<html lang="{LANGUAGE[name]}"><body><div style="display:none">{preheader}</div>{paragraphs}</body></html>'
        )
        (folder / "editions" / f"{name}.html").write_text(page, encoding="utf-8")
    (folder / "editions" / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def write_subscribers(path: Path, count: int, langs: tuple[str, ...] = ("zh", "en", "both")) -> list[str]:
    emails = [f"reader{i:05d}@clients.example" for i in range(count)]
    rows = [f"{email},读者 {i},{langs[i % len(langs)]}" for i, email in enumerate(emails)]
    path.write_text("email,name,lang\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return emails
