"""Group similar comments: character 2–3-gram TF-IDF vectors, cosine similarity, threshold.

Japanese has no spaces, so character n-grams work better than words. Texts are NFKC-normalized
and stripped of spaces and punctuation first. Two comments whose cosine similarity is at least the
threshold end up in the same group (single linkage via union-find); staff can merge and split.
"""

import math
import re
import unicodedata
from collections import Counter

DEFAULT_THRESHOLD = 0.35
_NOISE = re.compile(r"[\s、。，．,.!！?？「」『』（）()・…ー―\-■]+")


def normalize(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def ngrams(text: str, sizes=(2, 3)) -> Counter:
    text = normalize(text)
    grams = Counter()
    for n in sizes:
        grams.update(text[i:i + n] for i in range(max(len(text) - n + 1, 0)))
    if not grams and text:
        grams[text] = 1
    return grams


def tfidf_vectors(texts: list[str]) -> list[dict]:
    counts = [ngrams(t) for t in texts]
    df = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(texts)
    vectors = []
    for c in counts:
        vec = {g: (1 + math.log(tf)) * (math.log((1 + n) / (1 + df[g])) + 1) for g, tf in c.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({g: v / norm for g, v in vec.items()})
    return vectors


def cosine(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(g, 0.0) for g, v in a.items())


def similarity_matrix(texts: list[str]) -> list[list[float]]:
    vectors = tfidf_vectors(texts)
    n = len(vectors)
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j] = matrix[j][i] = cosine(vectors[i], vectors[j])
    return matrix


def cluster(texts: list[str], threshold: float = DEFAULT_THRESHOLD) -> list[list[int]]:
    """Indexes of ``texts`` grouped; groups in order of their first member."""
    parent = list(range(len(texts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    matrix = similarity_matrix(texts)
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if matrix[i][j] >= threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
