"""Fuzzing: mutated records either load and write back byte for byte, or raise NewsRecordError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsrecord import NewsRecordError, dumps_article, loads_article

from .conftest import fixture_bytes, fixture_paths

SEEDS = [path.read_bytes() for path in fixture_paths()]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A fixture record with a few random mutations of its bytes and lines."""
    data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        lines = data.split(b"\n")
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["flip", "delete", "duplicate", "swap", "indent", "dedent", "insert"]))
        if operation == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
            continue
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "indent":
            lines[index] = b" " * draw(st.integers(1, 4)) + lines[index]
        elif operation == "dedent":
            lines[index] = lines[index].lstrip(b" ")
        elif operation == "insert":
            lines.insert(
                index, draw(st.sampled_from([b"---", b"...", b"- x", b"a: [", b'"', b"\t", b"&a", b"*a", b"? "]))
            )
        data = b"\n".join(lines)
    return data


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_load_exactly_or_fail_cleanly(data: bytes) -> None:
    """Every outcome is a NewsRecordError or an Article that writes back byte for byte."""
    try:
        article = loads_article(data, source="fuzz.md")
    except NewsRecordError as error:
        assert error.source == "fuzz.md"
        assert error.line is None or error.line >= 1
        return
    assert dumps_article(article).encode("utf-8") == data


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_binary_fails_cleanly(data: bytes) -> None:
    """Random bytes (after a valid opening) give a NewsRecordError or an exact round trip."""
    for document in (data, b"---\n" + data, fixture_bytes("house.md")[:200] + data):
        try:
            article = loads_article(document)
        except NewsRecordError:
            continue
        assert dumps_article(article).encode("utf-8") == document
