"""Hypothesis strategies for Articles with awkward data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from newsrecord import Article, Image, Provider, RelatedArticle

AWKWARD = [
    "yes", "no", "on", "off", "null", "~", "true", "2020", "1:20", "0o17", "0x1F", ".5", "1e3", "-.inf",
    "a: b", " padded ", "# hash", "a #b", "- dash", "[x]", "{y}", "'q'", '"dq"', "\\", "2020-12-11",
    "2020-12-11T05:06:00Z", "line\nbreak", "\t", "", "=", "<<", "---", "...", "\u2028", "\u00a0", "\ufeff",
]  # fmt: skip

text = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=300, max_size=2000),
)
plain_words = st.from_regex(r"[A-Za-z][A-Za-z0-9 .&+-]{0,20}[A-Za-z0-9]", fullmatch=True)
url = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"[a-z0-9-]{1,12}(\.[a-z0-9-]{1,8}){1,3}", fullmatch=True),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]), max_size=40),
)
timezones = st.sampled_from(
    [dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(dt.timedelta(hours=-8))]
)
aware = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=timezones)
small_int = st.integers(min_value=-(10**12), max_value=10**12)

json_scalar = st.one_of(
    st.none(), st.booleans(), small_int, st.floats(allow_nan=False, allow_infinity=True), text, aware
)
extra_key = st.from_regex(r"[a-z][A-Za-z0-9]{0,10}", fullmatch=True).filter(
    lambda key: key not in Article.model_fields and key not in {"body"}
)
extra_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(extra_key, inner, max_size=3)),
    max_leaves=6,
)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(...), st.none(), strategy)


def build(cls: Any, required: dict[str, Any], maybe: dict[str, Any]) -> Any:
    """A model from required fields and those optional ones that were drawn (... means absent)."""
    values = {key: value for key, value in maybe.items() if value is not ...}
    return cls(**required, **values)


images = st.builds(
    lambda url, width, height, cached: build(
        Image, {"url": url}, {"width": width, "height": height, "is_cached": cached}
    ),
    st.one_of(url, st.just("/assets/logo.jpg")),
    optional(small_int),
    optional(small_int),
    optional(st.booleans()),
)
providers = st.builds(
    lambda name, domain, imgs: build(Provider, {"name": name}, {"domain": domain, "images": imgs}),
    st.one_of(plain_words, text),
    optional(plain_words),
    st.one_of(st.just(...), st.lists(images, max_size=2)),
)
related = st.builds(
    lambda title, web_url, excerpt, when, provider, quality: build(
        RelatedArticle,
        {"title": title, "web_url": web_url},
        {"excerpt": excerpt, "published_date_time": when, "provider": provider, "quality": quality},
    ),
    text,
    url,
    optional(text),
    optional(aware),
    optional(providers),
    optional(small_int),
)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """An Article with a random subset of fields, awkward strings and extra keys."""
    maybe = {
        "category": draw(optional(st.one_of(plain_words, text))),
        "excerpt": draw(optional(text)),
        "original_url": draw(optional(url)),
        "web_url": draw(optional(url)),
        "type": draw(optional(st.sampled_from(["article", "video"]))),
        "quality": draw(optional(small_int)),
        "heat": draw(optional(small_int)),
        "published": draw(optional(st.booleans())),
        "provider": draw(optional(providers)),
        "topics": draw(st.one_of(st.just(...), st.lists(st.one_of(plain_words, text), max_size=4))),
        "images": draw(st.one_of(st.just(...), st.lists(images, max_size=2))),
        "related": draw(st.one_of(st.just(...), st.lists(related, max_size=2))),
        "secured": draw(optional(st.from_regex(r"[A-Za-z0-9+/=;]{0,120}", fullmatch=True))),
        "body": draw(st.one_of(st.just(...), text.filter(lambda body: "\0" not in body))),
    }
    extras = draw(st.dictionaries(extra_key, extra_value, max_size=2))
    article: Article = build(Article, {"title": draw(text), "published_date_time": draw(aware)}, {**maybe, **extras})
    return article
