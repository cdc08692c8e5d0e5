"""Key figures: the work must grow linearly with the length of a paragraph.

Real reports contain huge paragraphs (a PDF without paragraph breaks, a table
flattened into one line); one paragraph of 577,000 characters once kept the
figures stage busy for minutes. Each stage that reads figures runs here on a
generated paragraph of N and of 4N characters in the same run, best of a few
rounds: linear work takes about 4x as long at 4N, and the target is under 6x.

    python -m bench figures         # N = 150,000 (4N is past the 577,000 case)
    BENCH_FIGURES_SIZE=20000 python -m bench figures
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from newsletter.figures import check_translation, extract_figures
from newsletter.model import Paragraph, Report, Section, Source
from newsletter.translate.placeholders import protect

SIZE = int(os.environ.get("BENCH_FIGURES_SIZE", "150000"))
ROUNDS = 2
MAX_RATIO = 6.0
MAX_SECONDS = 60.0  # for the 4N paragraph; the quadratic code took minutes

# Fictional sentences in the style of a weekly report (and their translation),
# with figures of every kind, names, periods, changes, product names and dates.
SENTENCES = (
    (
        "海峰科技 2026 年第三季度营收达到 5530 亿美元，同比增长 325%，环比提升 3.5 个百分点；",
        "Haifeng Tech's revenue reached US$553 billion in 2026Q3, up 325% YoY and 3.5 percentage points QoQ; ",
    ),
    (
        "据测算，全球 AI 服务器出货量有望超过 120 万台，其中液冷渗透率约 35%，",
        "by our estimate, global AI server shipments may exceed 1.2 million units, with liquid cooling at about 35%, ",
    ),
    (
        "云汐光电表示，1.6T 光模块订单约 18 亿元，预计 2027 年底产能扩至 1000 万~2000 万只。",
        "Yunxi Optoelectronics said 1.6T module orders are about CN¥1.8 billion, "
        "with capacity of 10 million-20 million units by end-2027. ",
    ),
    (
        "该订单将在未来六个月内交付，毛利率较上年同期下降 2 个百分点，",
        "The order ships within six months, and the gross margin fell 2 percentage points YoY, ",
    ),
    (
        "储能装机规模逾 10GW，对应 25GWh 电池需求，单价 0.45 元/Wh。",
        "with over 10 GW of storage installed, or 25 GWh of batteries at CN¥0.45/Wh. ",
    ),
    (
        "Oracle 的 RPO 达到 4550 亿美元，B200 与 Qwen2.5 等模型推动算力需求再增 40%！",
        "Oracle's RPO reached US$455 billion, and models such as B200 and Qwen2.5 lift compute demand by another 40%! ",
    ),
    (
        "我们认为行业景气度延续，建议关注具备技术壁垒与客户优势的龙头公司",
        "We expect the cycle to continue and favour the leaders with technical and customer moats ",
    ),
)


def paragraph(size: int, language: str = "zh", sentence_ends: bool = True) -> str:
    """One paragraph of `size` characters (cut at a sentence end), without a break.

    Without `sentence_ends` it reads like a table flattened into one line: no 。！？；.
    """
    column = 0 if language == "zh" else 1
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = SENTENCES[len(parts) % len(SENTENCES)][column]
        if not sentence_ends:
            sentence = sentence.translate(str.maketrans("。！；", "，，，"))
        parts.append(sentence)
        length += len(sentence)
    return "".join(parts)


def report_of(text: str) -> Report:
    section = Section(heading="一、行业观点", level=1, paragraphs=(Paragraph(text, page=1),))
    return Report(source=Source(path="long.pdf", sha256="0" * 64, pages=300), title="行业周报", sections=(section,))


def _extract(n: int, sentence_ends: bool = True) -> Callable[[], object]:
    report = report_of(paragraph(n, sentence_ends=sentence_ends))
    return lambda: extract_figures(report)


def _guard(n: int) -> Callable[[], object]:
    source, target = paragraph(n), paragraph(n, "en")
    return lambda: check_translation(source, target)


def _protect(n: int) -> Callable[[], object]:
    source = paragraph(n)
    return lambda: protect(source, "zh")


# Each case prepares its paragraph of n characters and returns what to time.
CASES: dict[str, Callable[[int], Callable[[], object]]] = {
    "extract_figures": _extract,
    "extract_figures, no sentence ends": lambda n: _extract(n, sentence_ends=False),
    "check_translation (guard)": _guard,
    "protect (translate placeholders)": _protect,
}


def best_time(run: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    ok = True
    big = len(paragraph(4 * SIZE))
    print(f"one paragraph of N = {len(paragraph(SIZE)):,} and 4N = {big:,} characters, best of {ROUNDS}", flush=True)
    for name, case in CASES.items():
        small_seconds, big_seconds = best_time(case(SIZE)), best_time(case(4 * SIZE))
        ratio = big_seconds / small_seconds
        passed = ratio < MAX_RATIO and big_seconds < MAX_SECONDS
        ok = ok and passed
        print(
            f"{name:35} N {small_seconds:6.2f}s  4N {big_seconds:6.2f}s ({big / big_seconds / 1000:5.0f}k chars/s)"
            f"  ratio {ratio:4.2f}x  {'PASS' if passed else 'FAIL'}",
            flush=True,
        )
    print(f"targets: ratio < {MAX_RATIO}x (linear is 4x), 4N under {MAX_SECONDS:.0f}s")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
