"""Machine drafts against a real HTTP server on 127.0.0.1 that answers like the chat API."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog

from newsletter.cli import main
from newsletter.readers import read_report
from newsletter.translate.backend import BackendConfig, ChatClient
from newsletter.translate.catalog import read_catalog
from newsletter.translate.glossary import Glossary, Term, load_glossary
from newsletter.translate.guard import figure_problems
from newsletter.translate.machine import MachineOptions, MachineResult, machine_translate
from newsletter.translate.placeholders import protect, restore
from tests.fake_chat_api import Answer, FakeChatAPI, completion, serve, status
from tests.test_translate_catalog import NOW, REPORT, extracted, get

GLOSSARY = Glossary((Term("英伟达", "NVIDIA"), Term("字节跳动", "ByteDance"), Term("甲骨文", "Oracle")))
ORACLE = "甲骨文剩余履约义务达到 5530 亿美元，同比增长 325%。"


@pytest.fixture
def catalog() -> Catalog:
    return extracted([read_report(REPORT)])


def run(api: FakeChatAPI, catalog: Catalog, **config: Any) -> tuple[MachineResult, list[float]]:
    waits: list[float] = []
    settings = {"timeout": 5.0, "retries": 3, "backoff": 0.5} | config
    client = ChatClient(BackendConfig(base_url=api.url, model="fake-mt", api_key="k-test", **settings), waits.append)
    result = machine_translate(catalog, client, GLOSSARY, MachineOptions(batch_size=4, concurrency=2))
    return result, waits


def entry(catalog: Catalog, source: str, context: str) -> Any:
    return catalog.get(source, context=context)


def test_drafts_fill_the_catalog_as_fuzzy_with_figures_in_english(catalog: Catalog) -> None:
    with serve(FakeChatAPI()) as api:
        result, _ = run(api, catalog)
    assert result.rejected == () and result.filled == 12
    oracle = entry(catalog, ORACLE, "key-point")
    assert (
        oracle.fuzzy
        and oracle.string == "Oracle's remaining performance obligations reached US$553 billion, up 325% YoY."
    )
    assert "machine-translated: fake-mt" in oracle.user_comments
    assert entry(catalog, "二、公司跟踪", "heading").string == "2. Company tracking"
    assert api.headers[0]["Authorization"] == "Bearer k-test"


def test_compliance_blocks_and_human_translations_are_never_sent(catalog: Catalog) -> None:
    title = entry(catalog, "海峰证券人工智能周报：算力投资继续加码", "title")
    title.string = "Harbor Peak AI Weekly (edited by our desk)"
    with serve(FakeChatAPI()) as api:
        run(api, catalog)
    sent = " ".join(str(body["messages"][-1]["content"]) for body in api.requests)
    assert "风险提示" not in sent and "技术迭代" not in sent and "海峰证券股份有限公司" not in sent
    assert "人工智能周报" not in sent
    assert title.string == "Harbor Peak AI Weekly (edited by our desk)" and not title.fuzzy
    assert not entry(catalog, "技术迭代不及预期；下游需求不及预期；行业竞争加剧。", "risk").string


def test_changed_number_is_caught_and_the_segment_stays_untranslated(catalog: Catalog) -> None:
    wrong = FakeChatAPI(rewrite=lambda text: text.replace("reached ⟦1⟧", "reached $5.53 billion"))
    with serve(wrong) as api:
        result, _ = run(api, catalog)
    assert [r.source for r in result.rejected] == [ORACLE]
    assert "5530 亿美元" in result.rejected[0].reason
    assert not entry(catalog, ORACLE, "key-point").string
    assert result.filled == 11


def test_the_figures_guard_describes_what_a_draft_changed() -> None:
    source = "甲骨文与英伟达合作建设的数据中心本季度投入运营，单个园区功率达到 1.2 GW。"
    assert figure_problems(source, "A single campus draws 1.2 GW.", "zh", "en") == []
    assert figure_problems(source, "A single campus draws 1.2 MW.", "zh", "en") == [
        'key-figures guard: changed: "1.2 GW" (1,200,000,000 W) became "1.2 MW" (1,200,000 W)'
    ]


def test_a_counter_the_formatter_cannot_vouch_for_leaves_only_its_digits_to_a_token() -> None:
    protected = protect("另有 3 家客户签约", "zh")
    assert protected.masked == "另有 ⟦1⟧ 家客户签约" and protected.figures == (("3", "3"),)


def test_a_number_the_machine_invents_is_caught(catalog: Catalog) -> None:
    invent = FakeChatAPI(rewrite=lambda text: text.replace("Capital flows", "Capital flows in 2026"))
    with serve(invent) as api:
        result, _ = run(api, catalog)
    assert [(r.source, r.reason) for r in result.rejected] == [("资本风向", "the machine wrote a number of its own")]


def test_glossary_is_sent_and_enforced(catalog: Catalog) -> None:
    with serve(FakeChatAPI(rewrite=lambda text: text.replace("NVIDIA", "Nvidia"))) as api:
        result, _ = run(api, catalog)
    assert any("英伟达 => NVIDIA" in prompt for prompt in api.system_prompts())
    assert {r.reason for r in result.rejected} == {"英伟达 must be translated as NVIDIA"}
    assert len(result.rejected) == 2 and result.filled == 10


def test_rate_limits_and_server_errors_are_retried_with_backoff(catalog: Catalog) -> None:
    # Each batch fails once, on its first request: keyed by content, not by
    # arrival order, which depends on how the two workers are scheduled.
    failures = [status(429, retry_after="2"), status(503), status(500)]
    seen: set[str] = set()

    def flaky(number: int, body: dict[str, Any]) -> Answer | None:
        content = str(body["messages"][-1]["content"])
        if content in seen:
            return None
        seen.add(content)
        return failures[len(seen) - 1]

    with serve(FakeChatAPI(misbehave=flaky)) as api:
        result, waits = run(api, catalog)
    assert result.filled == 12 and result.rejected == ()
    assert len(api.requests) == 3 + 3  # three batches, three failures retried
    assert max(waits) >= 2.0  # Retry-After honoured
    assert sorted(waits)[0] == 0.5


def test_a_batch_that_keeps_failing_is_reported_and_the_rest_kept(catalog: Catalog) -> None:
    def first_batch_down(number: int, body: dict[str, Any]) -> Answer | None:
        return status(502) if "产业动态" in body["messages"][-1]["content"] else None

    with serve(FakeChatAPI(misbehave=first_batch_down)) as api:
        result, waits = run(api, catalog, retries=2)
    assert len(result.rejected) == 4 and result.filled == 8
    assert all("HTTP 502" in r.reason and "3 attempts" in r.reason for r in result.rejected)
    assert waits == [0.5, 1.0]


def test_a_stalled_request_times_out_and_is_retried(catalog: Catalog) -> None:
    stalled = FakeChatAPI(delay=0.0)

    def stall_first(number: int, body: dict[str, Any]) -> Answer | None:
        if number == 1:
            import time

            time.sleep(1.5)
        return None

    stalled.misbehave = stall_first
    with serve(stalled) as api:
        result, waits = run(api, catalog, timeout=0.5)
    assert result.filled == 12 and len(waits) == 1


@pytest.mark.parametrize(
    "garbage",
    [
        (200, {"Content-Type": "text/html"}, b"<html>Bad gateway</html>"),
        (200, {"Content-Type": "application/json"}, b'{"choices": []}'),
        completion("Sure! Here are your translations: Industry news, Capital flows"),
        completion('{"translations": [{"id": 1}]}'),
    ],
)
def test_garbage_answers_leave_segments_untranslated(catalog: Catalog, garbage: Answer) -> None:
    with serve(FakeChatAPI(misbehave=lambda n, body: garbage)) as api:
        result, _ = run(api, catalog, retries=1)
    assert result.filled == 0 and len(result.rejected) == 12
    assert all(not m.string for m in catalog if m.id)


def test_a_refused_key_is_not_retried(catalog: Catalog) -> None:
    with serve(FakeChatAPI(misbehave=lambda n, body: status(401))) as api:
        result, waits = run(api, catalog)
    assert waits == [] and len(api.requests) == 3
    assert "HTTP 401" in result.rejected[0].reason


def test_an_interrupted_run_keeps_the_drafts_it_has_and_stops_at_once(catalog: Catalog) -> None:
    def interrupt(done: int) -> None:
        raise KeyboardInterrupt

    with serve(FakeChatAPI(delay=0.3)) as api:
        client = ChatClient(BackendConfig(base_url=api.url, model="m"))
        with pytest.raises(KeyboardInterrupt):
            machine_translate(catalog, client, Glossary(), MachineOptions(batch_size=3, concurrency=1), interrupt)
        assert len(api.requests) <= 2  # the batch in flight at most; the queued one never sent
    drafts = [m for m in catalog if m.id and m.string]
    assert len(drafts) == 3 and all(m.fuzzy for m in drafts)


def test_concurrency_is_limited() -> None:
    catalog = extracted([read_report(REPORT)])
    with serve(FakeChatAPI(delay=0.2)) as api:
        client = ChatClient(BackendConfig(base_url=api.url, model="m"))
        machine_translate(catalog, client, Glossary(), MachineOptions(batch_size=1, concurrency=3))
    assert len(api.requests) == 12
    assert api.max_in_flight == 3


def test_english_to_chinese_puts_figures_in_chinese_form() -> None:
    protected = protect("Oracle's RPO reached US$553 billion, up 325% in 2025Q4.", "en")
    assert protected.masked == "Oracle's RPO reached ⟦1⟧, up ⟦2⟧ in ⟦3⟧."
    assert restore("甲骨文 RPO 达到 ⟦1⟧，⟦3⟧ 增长 ⟦2⟧。", protected) == "甲骨文 RPO 达到 5530亿美元，2025Q4 增长 325%。"
    with pytest.raises(ValueError, match="missing US\\$553 billion"):
        restore("甲骨文 RPO 达到 553 亿美元，⟦3⟧ 增长 ⟦2⟧。", protected)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    shutil.copy(REPORT, tmp_path / "report.txt")
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "glossary.tsv").write_text("英伟达\tNVIDIA\n甲骨文\tOracle\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def test_cli_machine_run_reports_rejections_and_shows_progress(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", "extract", "report.txt"]) == 0
    wrong = FakeChatAPI(rewrite=lambda text: text.replace("up ⟦2⟧", "up 352%"))
    with serve(wrong) as api:
        monkeypatch.setenv("NEWSLETTER_MT_BASE_URL", api.url)
        monkeypatch.setenv("NEWSLETTER_MT_MODEL", "fake-mt")
        code = main(["translate", "machine", "--batch-size", "3"])
    assert any("英伟达 => NVIDIA" in prompt for prompt in api.system_prompts())  # the project's glossary
    out, err = capsys.readouterr()
    assert code == 1
    assert "11 machine drafts added" in out and "1 segments stay untranslated" in out
    assert re.search(r"translating: 100%.*12/12", err)
    catalog = read_catalog(project / "translations" / "en.po", "en")
    assert not get(catalog, ORACLE, "key-point").string
    assert main(["translate", "status"]) == 0
    assert "11 needing review (11 machine drafts), 4 missing" in capsys.readouterr().out


def test_cli_machine_without_configuration_says_what_to_set(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["translate", "extract", "report.txt"])
    assert main(["translate", "machine"]) == 2
    assert "set NEWSLETTER_MT_BASE_URL and NEWSLETTER_MT_MODEL" in capsys.readouterr().err


def test_glossary_file_is_read_and_bad_lines_named(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text("# names\n英伟达\tNVIDIA\n\n阿里巴巴 Alibaba\n", encoding="utf-8")
    with pytest.raises(Exception, match="line 4: expected"):
        load_glossary(path)
    path.write_text("# names\n英伟达\tNVIDIA\n", encoding="utf-8")
    assert load_glossary(path).terms == (Term("英伟达", "NVIDIA"),)
    assert NOW.year == 2026
