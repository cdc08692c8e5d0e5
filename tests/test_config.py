from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.config import EDITIONS, load_config, settings, settings_table
from newsletter.errors import ConfigError, SendError
from newsletter.send.transport import parse_smtp_url
from tests.editors_support import build_project, make_project
from tests.send_issue import make_issue, write_subscribers

ROOT = Path(__file__).resolve().parents[1]

FULL = """
brand = "Harbor Peak Weekly"
sender = "Harbor Peak Research <research@harborpeak.example>"
reply_to = "desk@harborpeak.example"
languages = ["zh", "en"]
templates = "house"

[translation]
catalog = "po/en.po"
pending_marker = "[EN soon]"

[email]
smtp_url = "smtp://127.0.0.1:2525"
unsubscribe_url = "https://harborpeak.example/unsubscribe"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsletter.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_settings_are_read_and_paths_count_from_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    assert config.brand == "Harbor Peak Weekly"
    assert config.sender == "Harbor Peak Research <research@harborpeak.example>"
    assert config.languages == ("zh", "en")
    assert config.templates == tmp_path / "house"
    assert config.catalog == tmp_path / "po" / "en.po"
    assert config.pending_marker == "[EN soon]"
    assert config.smtp_url == "smtp://127.0.0.1:2525"
    assert config.unsubscribe_url == "https://harborpeak.example/unsubscribe"


def test_without_a_file_the_defaults_apply(tmp_path: Path) -> None:
    config = load_config(start=tmp_path)
    assert config.file is None
    assert config.templates == tmp_path.resolve() / "templates"
    assert config.languages == EDITIONS


def test_the_nearest_file_in_a_parent_folder_is_found(tmp_path: Path) -> None:
    write(tmp_path, 'brand = "Up There"\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert load_config(start=tmp_path / "a" / "b").brand == "Up There"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('brnad = "x"\n', "'brnad'"),
        ('[translation]\ncatalogue = "x.po"\n', "'translation.catalogue'"),
        ('sender = "not an address"\n', "sender"),
        ('reply_to = ""\n', "reply_to"),
        ('languages = ["zh", "fr"]\n', "languages: unknown edition 'fr'"),
        ('languages = "zh"\n', "languages must be a non-empty list"),
        ('[email]\nsmtp_url = "http://mail.example"\n', "email.smtp_url"),
        ('[email]\nsmtp_url = "smtp://user:secret@mail.example:25"\n', "must not hold a password"),
        ('[email]\nsmtp_url = "smtp://mail.example:99999"\n', "bad port"),
        ('[email]\nunsubscribe_url = "harborpeak.example/u"\n', "email.unsubscribe_url"),
        ("brand = 3\n", "brand must be a non-empty string"),
        ('brand = "x\n', "not valid TOML"),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, text: str, names: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=names.replace("[", r"\[")) as caught:
        load_config(path)
    assert caught.value.file == str(path)


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("smtp://127.0.0.1:2525", True),
        ("smtps://mail.harborpeak.example", True),
        ("smtp+starttls://mail.harborpeak.example:587", True),
        ("SMTP+STARTTLS://mail.harborpeak.example", True),
        ("smtp://mail.harborpeak.example?starttls", True),
        ("smtp+starttls://127.0.0.1:2525?cafile=/etc/ssl/harbor.pem", True),
        ("smtp+ssl://mail.harborpeak.example", False),
        ("http://mail.harborpeak.example", False),
        ("smtp://", False),
        ("smtp://mail.harborpeak.example:99999", False),
        ("smtp://desk@mail.harborpeak.example", False),
        ("smtp://desk:secret@mail.harborpeak.example", False),
    ],
)
def test_the_smtp_url_setting_accepts_exactly_what_send_accepts(tmp_path: Path, url: str, accepted: bool) -> None:
    path = write(tmp_path, f'[email]\nsmtp_url = "{url}"\n')
    if accepted:
        parse_smtp_url(url)
        assert load_config(path).smtp_url == url
    else:
        with pytest.raises(SendError):
            parse_smtp_url(url)
        with pytest.raises(ConfigError) as caught:
            load_config(path)
        assert caught.value.message.startswith("email.smtp_url ")


def test_cli_reports_a_bad_setting_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path)
    write(root, 'languages = ["klingon"]\n')
    code, _ = build_project(root)
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "newsletter.toml: languages: unknown edition 'klingon'" in err
    assert "Traceback" not in err


def test_build_uses_the_settings_and_options_override_them(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    code, issue = build_project(root)
    assert code == 0
    assert (issue / "briefing.md").read_text(encoding="utf-8").startswith("# Harbor Peak Weekly")
    code, issue = build_project(root, "--brand", "Special Edition")
    assert code == 0
    assert (issue / "briefing.md").read_text(encoding="utf-8").startswith("# Special Edition")


def test_the_committed_example_settings_are_valid() -> None:
    config = load_config(ROOT / "newsletter.toml")
    assert config.file == ROOT / "newsletter.toml"
    assert config.sender and config.smtp_url and config.unsubscribe_url
    assert config.templates == ROOT / "templates"


def test_the_readme_settings_table_is_the_table_the_file_is_read_with() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table() in readme, f"README.md's settings table must read:\n{settings_table()}"


def test_every_setting_is_documented_and_validated_from_one_entry() -> None:
    table = settings_table()
    for key, entry in settings().items():
        shown = f"[{entry.section}] {key}" if entry.section else key
        assert f"| `{shown}` |" in table
    assert {"brand", "languages", "catalog", "smtp_url"} <= set(settings())


def test_an_edition_left_out_of_languages_is_not_built(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    text = (root / "newsletter.toml").read_text(encoding="utf-8")
    (root / "newsletter.toml").write_text('languages = ["zh", "both"]\n' + text, encoding="utf-8")
    code, issue = build_project(root)
    assert code == 0
    built = {path.name for path in (issue / "editions").iterdir()}
    assert built == {"zh.html", "zh.txt", "both.html", "both.txt", "meta.json"}
    meta = json.loads((issue / "editions" / "meta.json").read_text(encoding="utf-8"))
    assert list(meta) == ["both", "zh"]
    assert (issue / "briefing.html").read_bytes() == (issue / "editions" / "both.html").read_bytes()
    info = json.loads((issue / "build.json").read_text(encoding="utf-8"))
    assert info["languages"] == ["zh", "both"]


def test_an_edition_left_out_of_languages_is_not_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", "test-secret-of-the-config-tests")
    issue = make_issue(tmp_path / "out")
    emails = write_subscribers(tmp_path / "subscribers.csv", 6)  # zh, en, both, zh, en, both
    settings_file = write(
        tmp_path,
        'languages = ["en"]\nsender = "Desk <desk@harborpeak.example>"\n'
        '[email]\nunsubscribe_url = "https://harborpeak.example/u"\n',
    )
    args = ["send", str(issue), "--subscribers", str(tmp_path / "subscribers.csv"), "--config", str(settings_file)]
    assert main([*args, "--dry-run", str(tmp_path / "eml"), "-q"]) == 0
    sent = sorted(path.name.split("-", 1)[1].removesuffix(".eml") for path in (tmp_path / "eml").glob("*.eml"))
    assert sent == [emails[1], emails[4]]
    err = capsys.readouterr().err
    assert "skipped: 2 subscriber(s) of the 'both' edition" in err
    assert "skipped: 2 subscriber(s) of the 'zh' edition" in err


def test_the_english_edition_shows_only_the_english_brand(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    settings = root / "newsletter.toml"
    bilingual = 'brand = "港湾研究周报 · Harbour Research Weekly"\nbrand_en = "Harbour Research Weekly"\n'
    settings.write_text(settings.read_text(encoding="utf-8").replace('brand = "Harbor Peak Weekly"\n', bilingual))
    code, issue = build_project(root)
    assert code == 0
    english = (issue / "editions" / "en.html").read_text(encoding="utf-8")
    assert "Harbour Research Weekly · " in english and "港湾研究周报" not in english
    assert "港湾研究周报 · Harbour Research Weekly · " in (issue / "editions" / "zh.html").read_text(encoding="utf-8")
    assert "港湾研究周报" not in (issue / "editions" / "en.txt").read_text(encoding="utf-8")
    assert (issue / "briefing.md").read_text(encoding="utf-8").startswith("# 港湾研究周报 · Harbour Research Weekly")
