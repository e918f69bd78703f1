"""Which policy entries a draft actually used: the entries its supported sentences rest on.

The guard lists, per sentence, every evidence item sharing a word with it; a draft's sources
must be narrower than that: for each supported sentence, the entries that share the most
content words with it (at least two), the entries whose amounts it restates, or, for a close
paraphrase, the entry its embedding is nearest to. Greetings and "we will check" sentences
rest on nothing. The result is always a subset of what was retrieved.
"""

from __future__ import annotations

from engine.faq.text import CJK
from engine.grounding.writer import Grounder
from engine.guard.amounts import Known, find_amounts
from engine.guard.claims import phrases
from engine.guard.report import GuardReport

MIN_SHARED = 2
PARAPHRASE = 0.86


def _amount_ids(sentence: str, grounder: Grounder) -> set[str]:
    found = [a for a in find_amounts(sentence) if a.dimension]
    if not found:
        return set()
    return {
        item.id
        for item in grounder.evidence.items
        if any(Known(item.text).supports(a) for a in found)
    }


def used_sources(report: GuardReport, grounder: Grounder, ignore: set[str]) -> list[str]:
    """Entry ids (titles) the draft's supported sentences rest on, in order of first use.

    Args:
        report: the guard's report on the final draft.
        grounder: the grounder it was checked with (its evidence are the retrieved entries).
        ignore: words that state nothing (greetings, thanks), never counted as shared.

    """
    index = grounder.index
    texts = {item.id: item.text.lower() for item in grounder.evidence.items}
    out: list[str] = []
    for check in report.sentences:
        if not check.supported or not check.evidence:
            continue
        sentence = check.sentence
        words = {
            w
            for phrase in phrases(report.text, sentence.start, sentence.end)
            for _, _, w in phrase.words
            if w not in ignore and index.knows(w)
        }

        def shared(item_id: str, words: set[str] = words) -> int:
            item_words = index.item_words.get(item_id, set())
            return sum(
                1 for w in words if w in item_words or (CJK.search(w) and w in texts[item_id])
            )

        scores = {e: shared(e) for e in check.evidence if e in texts}
        best = max(scores.values(), default=0)
        keep = [e for e, n in scores.items() if n == best and n >= MIN_SHARED]
        keep += [e for e in _amount_ids(sentence.text, grounder) if e not in keep]
        if not keep and index.embedder is not None:
            similarity, item = index.closest(sentence.text)
            if item is not None and similarity >= PARAPHRASE and item.id in scores:
                keep = [item.id]
        for item_id in keep:
            if item_id not in out:
                out.append(item_id)
    return out
