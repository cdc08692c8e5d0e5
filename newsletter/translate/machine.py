"""Machine drafts for the catalog's untranslated segments.

Segments go to the API in batches, several batches at a time. Each answer is
checked before it is kept: every figure token back exactly once and no
number of the machine's own, the glossary's terms used, and the restored text
passed through the key-figures guard. A kept answer becomes a fuzzy entry (a
draft for review); a rejected one leaves the segment untranslated and is
reported. Human translations and compliance blocks are never touched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from newsletter.translate.backend import BackendError, ChatClient
from newsletter.translate.catalog import COMPLIANCE_CONTEXTS, MACHINE_COMMENT, Catalog, Message, context_of, set_comment
from newsletter.translate.glossary import Glossary
from newsletter.translate.guard import figure_problems
from newsletter.translate.placeholders import Protected, protect, restore

LANGUAGE_NAMES = {"zh": "Simplified Chinese", "en": "English"}


@dataclass(frozen=True)
class Job:
    message: Message
    protected: Protected


@dataclass(frozen=True)
class Rejected:
    source: str
    context: str
    reason: str


@dataclass(frozen=True)
class MachineResult:
    filled: int
    rejected: tuple[Rejected, ...]


@dataclass(frozen=True)
class MachineOptions:
    source_language: str = "zh"
    target_language: str = "en"
    batch_size: int = 10
    concurrency: int = 4


def to_translate(catalog: Catalog) -> list[Message]:
    """Untranslated segments a machine may draft: never compliance text, never a filled entry."""
    return [m for m in catalog if m.id and not m.string and context_of(m) not in COMPLIANCE_CONTEXTS]


def machine_translate(
    catalog: Catalog,
    client: ChatClient,
    glossary: Glossary,
    options: MachineOptions,
    advance: Callable[[int], object] = lambda n: None,
) -> MachineResult:
    """Fill the catalog's untranslated segments with checked machine drafts (fuzzy)."""
    jobs = [Job(m, protect(str(m.id), options.source_language)) for m in to_translate(catalog)]
    batches = [jobs[i : i + options.batch_size] for i in range(0, len(jobs), options.batch_size)]
    filled, rejected = 0, []
    pool = ThreadPoolExecutor(max_workers=max(1, options.concurrency))
    try:
        futures = {pool.submit(_ask, client, batch, glossary, options): batch for batch in batches}
        for future in as_completed(futures):
            batch = futures[future]
            answers = _answers_or_failure(future.result, batch)
            for job in batch:
                problem = _keep(job, answers.get(id(job)), glossary, options, client.config.model)
                filled += problem is None
                rejected += [Rejected(str(job.message.id), context_of(job.message), problem)] if problem else []
            advance(len(batch))
    except BaseException:
        client.cancel()  # Ctrl-C: cut the requests in flight, so their threads end now
        raise
    finally:
        # On Ctrl-C stop at once: queued batches are dropped; the drafts kept so far stay in the catalog.
        pool.shutdown(wait=False, cancel_futures=True)
    return MachineResult(filled, tuple(rejected))


def _answers_or_failure(result: Callable[[], dict[int, str]], batch: list[Job]) -> dict[int, str | Exception]:
    try:
        return dict(result())
    except BackendError as error:
        return {id(job): error for job in batch}


def _ask(client: ChatClient, batch: list[Job], glossary: Glossary, options: MachineOptions) -> dict[int, str]:
    """One request for the batch: job identity -> the machine's text (with tokens)."""
    numbered = [{"id": n, "text": job.protected.masked} for n, job in enumerate(batch, 1)]
    terms = [t for job in batch for t in glossary.terms_in(str(job.message.id), options.source_language)]
    messages = [
        {"role": "system", "content": system_prompt(options, sorted(set(terms)))},
        {"role": "user", "content": json.dumps({"segments": numbered}, ensure_ascii=False)},
    ]
    texts = parse_answer(client.complete(messages))
    return {id(job): texts[n] for n, job in enumerate(batch, 1) if n in texts}


def system_prompt(options: MachineOptions, terms: Sequence[tuple[str, str]]) -> str:
    source = LANGUAGE_NAMES.get(options.source_language, options.source_language)
    target = LANGUAGE_NAMES.get(options.target_language, options.target_language)
    lines = [
        f"You translate securities research from {source} into {target} for professional investors.",
        "Each segment is one heading or paragraph. Translate faithfully; add and omit nothing.",
        "Tokens like ⟦1⟧ stand for figures: copy every token exactly once and write no digits yourself.",
        'Answer with JSON only: {"translations": [{"id": 1, "text": "..."}]}, one item per segment.',
    ]
    if terms:
        lines.append("Glossary (always use these translations):")
        lines += [f"- {s} => {t}" for s, t in terms]
    return "\n".join(lines)


def parse_answer(content: str) -> dict[int, str]:
    """The translations by segment id; an unreadable answer raises BackendError."""
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", content.strip())
    try:
        items = json.loads(text)["translations"]
        return {int(item["id"]): str(item["text"]) for item in items if str(item.get("text", "")).strip()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackendError(f"the machine's answer is not the JSON asked for: {content[:60]!r}") from error


def _keep(
    job: Job, answer: str | Exception | None, glossary: Glossary, options: MachineOptions, model: str
) -> str | None:
    """Store the checked draft as a fuzzy entry; the reason it was rejected otherwise."""
    if answer is None:
        return "the machine gave no translation for this segment"
    if isinstance(answer, Exception):
        return str(answer)
    source = str(job.message.id)
    try:
        target = restore(answer, job.protected)
    except ValueError as problem:
        return str(problem)
    problems = glossary.violations(source, target, options.source_language)
    problems += figure_problems(source, target, options.source_language, options.target_language)
    if problems:
        return "; ".join(problems)
    job.message.string = target
    job.message.flags.add("fuzzy")
    set_comment(job.message, MACHINE_COMMENT, model)
    return None
