"""Throughput: tidings' whole extraction against bare spaCy parsing of the same texts.

    .venv/bin/python benchmarks/throughput.py [--limit N] [--repeat R]

Prints articles/s for bare ``nlp.pipe`` (the base model alone) and for
``Pipeline.process`` (base model + every tidings component), their ratio (goal >= 0.8:
everything tidings adds costs less than a quarter of the parse), the share of time each
tidings component takes, and peak RSS. Texts: the GeoVirus Wikinews articles in
../shared when present (news of typical length), else examples/ and the seed article.
Both runs happen in one process, one after the other, after a warm-up of each.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tidings.nlp import load_nlp
from tidings.pipeline import Pipeline
from tidings.records import Article
from tidings.sources import read_inputs

GEOVIRUS = ROOT.parent / "shared" / "data" / "geovirus" / "GeoVirus.xml"


def corpus(limit: int) -> list[str]:
    if GEOVIRUS.exists():
        xml = GEOVIRUS.read_text(encoding="utf-8")
        texts = [re.sub(r"\s+\n", "\n", t).strip() for t in re.findall(r"<text>(.*?)</text>", xml, re.DOTALL)]
    else:
        texts = [a.text for a in read_inputs([str(ROOT / "examples")]) if isinstance(a, Article)]
    return [t for t in texts if t][:limit]


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=120, help="number of articles")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the articles")
    args = parser.parse_args()

    texts = corpus(args.limit) * args.repeat
    chars = sum(map(len, texts))
    print(f"corpus: {len(texts)} articles, {chars / len(texts):.0f} chars on average")

    pipeline = Pipeline()
    bare = spacy.load(pipeline.model)
    list(bare.pipe(texts[:5]))
    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=pipeline.batch_size):
        pass
    bare_s = time.perf_counter() - start

    articles = [Article.from_text(t, source=f"bench:{i}") for i, t in enumerate(texts)]
    list(pipeline.process(articles[:5]))
    start = time.perf_counter()
    events = sum(len(r.events) for r in pipeline.process(articles))
    tidings_s = time.perf_counter() - start

    bare_rate, tidings_rate = rate(len(texts), bare_s), rate(len(texts), tidings_s)
    print(f"bare spaCy nlp.pipe     : {bare_rate:7.2f} articles/s ({bare_s:.1f} s)")
    print(f"tidings Pipeline.process: {tidings_rate:7.2f} articles/s ({tidings_s:.1f} s, {events} events)")
    print(f"ratio tidings / bare    : {tidings_rate / bare_rate:.2f}  (goal >= 0.80)")

    # Where the time goes: each component timed on the same docs, one at a time.
    nlp = load_nlp(pipeline.model)
    spent: dict[str, float] = defaultdict(float)
    for article in articles[: min(len(articles), 60)]:
        doc = nlp.make_doc(article.text)
        doc._.article_id, doc._.published = article.id, article.published
        for name, component in nlp.pipeline:
            t0 = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - t0
    total = sum(spent.values())
    print("time share per component (first 60 articles, unbatched):")
    for name, seconds in spent.items():
        print(f"  {name:22s} {100 * seconds / total:5.1f} %")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
