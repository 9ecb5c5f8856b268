"""Chinese text similarity: rjieba tokens (plus character bigrams) and TF-IDF cosine over one town's year.

A town has a few hundred suggestions a year, so the vectors are built in Python on each call; the tokens
are stored on the row (`Suggestion.tokens`) so nothing is re-tokenised."""

from __future__ import annotations

import math
import re
from collections import Counter

import rjieba

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
STOP = set(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "在",
        "是",
        "对",
        "为",
        "将",
        "把",
        "被",
        "有",
        "我",
        "我们",
        "关于",
        "进一步",
        "建议",
        "希望",
        "要求",
        "问题",
        "一些",
        "进行",
        "加强",
    ]
)


def tokens_of(text: str) -> list[str]:
    """Words from rjieba, without stop words and punctuation, plus the character bigrams of each run."""
    out: list[str] = []
    for word in rjieba.cut(text or ""):
        word = word.strip().lower()
        if len(word) > 1 and _WORD.fullmatch(word) and word not in STOP:
            out.append(word)
    for run in _WORD.findall(text or ""):
        out.extend(f"#{run[i : i + 2]}" for i in range(len(run) - 1) if "\u4e00" <= run[i] <= "\u9fff")
    return out


def _vector(tokens: list[str], idf: dict[str, float]) -> dict[str, float]:
    tf = Counter(tokens)
    v = {t: (1 + math.log(n)) * idf.get(t, 0.0) for t, n in tf.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def rank(query_tokens: list[str], corpus: list[tuple[object, str]], limit: int, min_score: float):
    """[(key, score)] of the corpus items most like the query, best first. corpus: (key, stored tokens)."""
    docs = [(key, text.split()) for key, text in corpus]
    n = len(docs) + 1
    df: Counter = Counter()
    for _key, toks in docs:
        df.update(set(toks))
    df.update(set(query_tokens))
    idf = {t: math.log((n + 1) / (c + 1)) + 1 for t, c in df.items()}
    q = _vector(query_tokens, idf)
    scored = []
    for key, toks in docs:
        d = _vector(toks, idf)
        score = sum(w * d.get(t, 0.0) for t, w in q.items())
        if score >= min_score:
            scored.append((key, round(score, 3)))
    scored.sort(key=lambda x: -x[1])
    return scored[:limit]
