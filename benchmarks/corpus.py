"""A deterministic corpus of news records: house-style records plus the variations real archives hold.

    python benchmarks/corpus.py OUT_DIR [N]

Records are built in code from a seeded random generator and written with
newsrecord's canonical writer, then a share of them is reshaped into the
variations of the test fixtures (unquoted URLs, video records, CRLF, a BOM,
comments, bodies, unknown keys, flow and block styles). The same N always gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import random
import sys

from newsrecord import Article, Image, Provider, RelatedArticle, dumps_article

WORDS = [
    "council",
    "city",
    "harbour",
    "drones",
    "seabirds",
    "pilot",
    "sensors",
    "privacy",
    "streetlight",
    "budget",
    "vote",
    "school",
    "data",
    "model",
    "research",
    "vision",
    "language",
    "robots",
    "health",
    "clinic",
    "cancer",
    "diagnosis",
    "energy",
    "grid",
    "solar",
    "wind",
    "battery",
    "transit",
    "ferry",
    "timetable",
    "museum",
    "audio",
    "accessibility",
    "bank",
    "loans",
    "chatbot",
    "spreadsheet",
    "lambda",
    "market",
    "regulators",
]
TOPICS = ["AI", "Computer Vision", "Natural Language Processing", "Privacy", "Robotics", "Smart Cities",
          "Healthcare", "Energy", "Transport", "Chatbots", "Accessibility", "Internet of Things"]  # fmt: skip
PROVIDERS = [("Example Gazette", "example-gazette.com"), ("Example Tribune", "example-tribune.org"),
             ("Valley News Network", "example-valley.net"), ("Example Ledger", "example-ledger.com"),
             ("Example Wire", "example-wire.com"), ("Example Arts Weekly", "example-arts.org")]  # fmt: skip

# Shares of each variation, out of 100; the rest is plain house style.
VARIATIONS = {
    "unquoted-urls": 8,
    "video": 5,
    "no-related": 6,
    "crlf": 3,
    "bom": 2,
    "comments": 3,
    "body": 4,
    "extras": 2,
    "trailing-spaces": 2,
    "dots-closing": 1,
    "flow-and-block-styles": 1,
}


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def slug(rng: random.Random) -> str:
    return "-".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7)))


def when(rng: random.Random) -> dt.datetime:
    start = dt.datetime(2013, 1, 1, tzinfo=dt.timezone.utc)
    return start + dt.timedelta(minutes=rng.randrange(0, 12 * 365 * 24 * 60))


def related(rng: random.Random) -> RelatedArticle:
    name, domain = rng.choice(PROVIDERS)
    path = f"https://www.{domain}/{rng.randint(2013, 2024)}/{slug(rng)}"
    return RelatedArticle(
        title=sentence(rng, rng.randint(5, 12)),
        excerpt=sentence(rng, rng.randint(15, 45)) + ".",
        published_date_time=when(rng),
        web_url=path,
        amp_web_url=path + "/amp",
        type="article",
        provider=Provider(name=name, domain=domain),
        quality=rng.randint(1, 150),
    )


def article(rng: random.Random) -> Article:
    name, domain = rng.choice(PROVIDERS)
    url = f"https://www.{domain}/news/{slug(rng)}/"
    return Article(
        category="news",
        title=sentence(rng, rng.randint(6, 14)),
        excerpt=sentence(rng, rng.randint(20, 40)),
        published_date_time=when(rng),
        original_url=url,
        web_url=url,
        amp_web_url=url + "amp/",
        cdn_amp_web_url=f"https://www-{domain.replace('.', '-')}.cdn.ampproject.org/c/s/www.{domain}/news/amp/",
        type="article",
        quality=rng.randint(1, 150),
        heat=rng.randint(1, 150),
        published=True,
        provider=Provider(name=name, domain=domain),
        topics=rng.sample(TOPICS, rng.randint(1, 4)),
        images=[
            Image(url=f"https://www.{domain}/uploads/{slug(rng)}.jpg?w=1280", width=1280, height=720, is_cached=True)
        ],
        related=[related(rng) for _ in range(rng.randint(1, 3))],
        secured="".join(
            rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(300)
        )
        + "=;"
        + "".join(rng.choice("abcdef0123456789") for _ in range(22)),
    )


def reshape(text: str, variation: str, rng: random.Random) -> str:
    """A house-style record's text in one of the variations of real archives."""
    if variation == "unquoted-urls":
        lines = text.split("\n")
        return "\n".join(
            line.replace(': "https', ": https").removesuffix('"') if ': "https' in line else line for line in lines
        )
    if variation == "video":
        text = text.replace("type: article\nquality", "type: video\nquality", 1)
        start = text.index("webUrl:")
        end = text.index("type: video")
        embed = '<iframe width=\\"800\\" height=\\"450\\" src=\\"https://video.example.com/embed/x\\"></iframe>'
        return text[:start] + text[end:].replace(
            "published: true\n", f'published: true\n\nfeaturedContent: "{embed}"\n', 1
        )
    if variation == "no-related":
        start = text.index("\nrelated:")
        end = text.index("\nsecured:")
        return text[:start] + text[end:]
    if variation == "crlf":
        return text.replace("\n", "\r\n")
    if variation == "bom":
        return "\ufeff" + text
    if variation == "comments":
        return text.replace("category: news\n", "# exported by hand\ncategory: news   # always news\n", 1).replace(
            "\ntopics:\n", "\n# what it is about\ntopics:\n", 1
        )
    if variation == "body":
        return text + "\n".join(sentence(rng, rng.randint(20, 60)) + "." for _ in range(rng.randint(2, 8))) + "\n"
    if variation == "extras":
        return text.replace("published: true\n", "published: true\nsourceFeed: rss\nscores: {relevance: 0.93}\n", 1)
    if variation == "trailing-spaces":
        return text.replace("quality:", "quality:   ", 1).replace("\n  - ", "  \n  - ", 1)
    if variation == "dots-closing":
        head, _, tail = text.rpartition("---\n\n")
        return head + "...\n\n" + tail
    if variation == "flow-and-block-styles":
        start = text.index("topics:")
        end = text.index("\nimages:")
        head = text[:start].replace("excerpt: ", "excerpt: >-\n  ", 1)
        return head + "topics: [AI, 'Machine Learning']\n" + text[end:]
    raise ValueError(variation)


def _line(text: str, key: str) -> tuple[int, int, str]:
    """Where the top-level line ``key: value`` starts and ends, and its value."""
    start = text.index(f"\n{key}: ") + 1
    end = text.index("\n", start)
    return start, end, text[start + len(key) + 2 : end]


def _wrapped(words: str, indent: str, width: int = 60) -> str:
    """``words`` over lines of about ``width`` characters, each after ``indent``."""
    lines: list[str] = []
    for word in words.split(" "):
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(indent + line for line in lines)


def _restyle_value(text: str, key: str, value: str) -> str:
    start, end, _ = _line(text, key)
    return text[:start] + f"{key}: {value}" + text[end:]


def _unquoted(value: str) -> str:
    return value[1:-1] if value.startswith('"') else value


def _topics(text: str) -> list[str]:
    start = text.index("\ntopics:\n") + len("\ntopics:\n")
    end = text.index("\n\n", start)
    return [line.strip()[2:] for line in text[start:end].split("\n")]


def _with_topics(text: str, block: str) -> str:
    start = text.index("\ntopics:\n") + 1
    end = text.index("\n\n", start)
    return text[:start] + block + text[end:]


def _folded_excerpt(text: str) -> str:
    return _restyle_value(text, "excerpt", ">-\n" + _wrapped(_unquoted(_line(text, "excerpt")[2]), "  "))


def _literal_excerpt(text: str) -> str:
    return _restyle_value(text, "excerpt", "|\n" + _wrapped(_unquoted(_line(text, "excerpt")[2]), "  "))


def _flow_topics(text: str) -> str:
    return _with_topics(text, "topics: [" + ", ".join(_topics(text)) + "]")


def _multi_line_flow(text: str) -> str:
    return _with_topics(text, "topics: [\n" + ",\n".join("  " + t for t in _topics(text)) + "\n]")


def _flow_provider(text: str) -> str:
    start = text.index("\nprovider:\n") + 1
    end = text.index("\n\n", start)
    name, domain = (line.split(": ", 1)[1] for line in text[start:end].split("\n")[1:3])
    return text[:start] + f"provider: {{name: {name}, domain: {domain}}}" + text[end:]


def _multi_line_plain(text: str) -> str:
    start, end, value = _line(text, "excerpt")
    return text[:start] + "excerpt:\n" + _wrapped(_unquoted(value), "  ") + text[end:]


def _multi_line_double(text: str) -> str:
    excerpt = _line(text, "excerpt")[2]
    return _restyle_value(text, "excerpt", '"' + _wrapped(excerpt[1:-1], "  ").lstrip(" ") + '"')


def _single_quoted(text: str) -> str:
    title = _unquoted(_line(text, "title")[2])
    return _restyle_value(text, "title", "'" + title.replace(" ", "'' ", 1) + "'")


def _quoted_keys(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(
        f'"{line[: line.index(":")]}"{line[line.index(":") :]}' if line[:1].isalpha() and ": " in line else line
        for line in lines
    )


def _tabs(text: str) -> str:
    title = _line(text, "title")[2]
    return _restyle_value(text, "title", title.replace(" ", "\t", 2))


def _tags(text: str) -> str:
    text = _restyle_value(text, "quality", "!!int " + _line(text, "quality")[2])
    text = _restyle_value(text, "title", "!!str " + _line(text, "title")[2])
    return _restyle_value(text, "publishedDateTime", "!!timestamp " + _line(text, "publishedDateTime")[2])


def _comments(text: str) -> str:
    text = text.replace("\n  name: ", "\n  # the provider\n  name: ", 1).replace(
        "\n    width: ", "  # px\n    width: ", 1
    )
    return text.replace("\nrelated:\n", "\nrelated:  # see also\n", 1).replace("\nsecured:", "\n# end\nsecured:", 1)


def _everything(text: str) -> str:
    for restyle in (_folded_excerpt, _flow_topics, _flow_provider, _single_quoted, _tags, _comments, _quoted_keys):
        text = restyle(text)
    return text


STYLES = {
    "folded excerpt (>-)": _folded_excerpt,
    "literal excerpt": _literal_excerpt,
    "flow sequence (topics)": _flow_topics,
    "flow sequence over lines": _multi_line_flow,
    "flow mapping (provider)": _flow_provider,
    "multi-line plain excerpt": _multi_line_plain,
    "multi-line double-quoted excerpt": _multi_line_double,
    "single-quoted title with ''": _single_quoted,
    "quoted keys": _quoted_keys,
    "tabs in a quoted title": _tabs,
    "tags (!!str, !!int, !!timestamp)": _tags,
    "comments in nested blocks": _comments,
    "all of the above but tabs": _everything,
}
"""Each variation a hand-edited archive holds, made from a house-style record's text; the per-variation
load measurement times each against the record it was made from."""


def records(count: int, seed: int = 20261126) -> list[tuple[str, str]]:
    """``count`` (file name, text) pairs, the same for the same count and seed."""
    rng = random.Random(seed)
    shares = [name for name, share in VARIATIONS.items() for _ in range(share)]
    out = []
    for index in range(count):
        text = dumps_article(article(rng))
        roll = rng.randrange(100)
        variation = shares[roll] if roll < len(shares) else "house"
        if variation != "house":
            text = reshape(text, variation, rng)
        out.append((f"{index // 1000:03d}/{index:06d}-{variation}.md", text))
    return out


def write(folder: pathlib.Path, count: int) -> pathlib.Path:
    """The corpus of ``count`` records under ``folder``, written once and reused."""
    target = folder / str(count)
    done = target / ".complete"
    if done.exists():
        return target
    for name, text in records(count):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    done.write_text("ok\n")
    return target


if __name__ == "__main__":
    print(write(pathlib.Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10_000))
