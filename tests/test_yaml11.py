"""The table of what YAML 1.1 readers make of a plain scalar, against the readers themselves:
Ruby's Psych as Jekyll calls it, SafeYAML 1.0.5 (vendored in ../shared), and PyYAML."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import shutil
import subprocess
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsrecord._yaml11 import RubyDate, RubyTime, Unreadable, psych, pyyaml_kind, safe_yaml

from .conftest import SHARED
from .jekyll import Typed, from_json, typed

SCRIPT = pathlib.Path(__file__).parent / "readers" / "scalars.rb"
SAFE_YAML_LIB = SHARED / "vendor" / "safe_yaml-1.0.5" / "lib"

TABLE = [
    "yes", "Yes", "yEs", "YES", "no", "nO", "on", "oN", "OfF", "off", "true", "tRuE", "false", "FALSE", "null",
    "nULL", "Null", "~", "y", "n", "Y", "N", ".inf", ".iNf", "-.Inf", "+.inf", ".nan", ".nAn", ".NaN", "0x1,F",
    "0b1,0", "0x,", "0b,", "1,000", "1_000", "017", "0o17", "0X1F", "_1", "1_", "1e3", "1.5e+3", "+.5", "-1_0.5",
    "12:30", "1:20:30.5", "-1:30", "2024-1-2", "2024-01-02", "2024-01-02T03:04:05Z", "2024-01-02t03:04:05z",
    "2024-01-02T03:04:05-00:30", "2024-01-02T03:04:05+5", "2024-01-02T03:04:05.1234567Z", "2024-01-02 03:04:05",
    "2024-01-02  03:04:05 Z", "2024-01-02T03:04:05 +01:00", "1582-10-10", "1582-10-04", "1500-03-01",
    "1500-03-01T00:00:00Z", "<<", "=", ":sym", ".", "-.", "1.", "1.e+5", "0", "00", "08", "0_7", "-0", "+0", "0.0",
    "-0.0", "1__0.5", "._5", "1.2.3", "1:2", "1:60", "123456", "abcdef", "hello", "5G", "3D", "2024", "0x", "0b",
    "0xG", "1e+3", "1.0e3", "1.0E+3", "0o", "0d12", "yes!", "n/a", "true1", "a b", "1, 2", "1 000",
    # Ruby's Time rolls days and seconds over, takes year 0 and negative years; its Date is Julian before 1582.
    "2024-02-31T00:00:00+0000", "2024-01-01T24:00:00+0000", "2024-01-01T24:30:00+0000", "2024-01-01T23:60:00+0000",
    "2024-01-01T23:59:60+0000", "2024-01-01 00:00:60 +0000", "2024-01-32T00:00:00+0000", "0000-01-01T00:00:00+0000",
    "-2024-01-01T00:00:00Z", "2024-02-30 00:00:00 +0100", "2024-01-01T00:00:00+530", "2024-01-01T00:00:00+123",
    "2024-01-01T00:00:00+2400", "2024-01-01T00:00:00-2359", "1500-02-29", "1500-02-29T00:00:00Z", "2024-02-30",
    # Ruby's /i folds case as Unicode does; base-60 parts go through Float() in SafeYAML, to_i in Psych.
    "ye\u017f", "o\ufb00", "fal\u017fe", "1:30._", "1:30.5_", "1__0:30.5", "1__0:30",
]  # fmt: skip

PIECES = [
    *"0123456789-+._,:eExXbBoOtTzZ ",
    "yes",
    "no",
    "on",
    "off",
    "true",
    "null",
    "inf",
    "nan",
    "-00:30",
    "2024-01-02",
]
WORDS = (
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6)
    .map(lambda pieces: "".join(pieces).strip())
    .filter(lambda word: bool(word) and word[0] not in ",:-" and ": " not in word and word[-1] != ":")
)


def _ruby_or_skip() -> str:
    ruby = shutil.which("ruby")
    if ruby is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Ruby: .ci/run installs it (apt-get install jekyll)")
        pytest.skip("Ruby is not installed: apt-get install jekyll (or ruby)")
    return ruby


def _ruby_readings(words: list[str]) -> list[dict[str, list[Any]]]:
    command = [_ruby_or_skip(), str(SCRIPT)]
    if SAFE_YAML_LIB.is_dir():
        command.append(str(SAFE_YAML_LIB))
    done = subprocess.run(command, input=json.dumps(words), capture_output=True, text=True, check=True, timeout=120)
    readings: list[dict[str, list[Any]]] = json.loads(done.stdout)
    return readings


def _ours(read: object, word: str) -> Typed:
    """The table's reading as a typed value (tests/jekyll.py), with what the table models and Ruby's
    encoding keeps apart: a time without a zone is "local", a date is what it shows, an error is just that."""
    assert callable(read)
    try:
        value = read(word)
    except Unreadable:
        return ("error",)
    if isinstance(value, RubyTime):
        return ("time", "Time", value.seconds, value.offset if value.zoned else "local")
    if isinstance(value, RubyDate):
        return ("date", str(value))
    return typed(value)


def _theirs(reading: list[Any], zoned: bool) -> Typed:
    """Ruby's reading in the same terms; a time without a zone is in the machine's zone, so "local"."""
    value = from_json(reading)
    if value[0] == "error":
        return ("error",)
    if value[0] == "date":
        return value[:2]
    if value[0] == "time" and not zoned:
        return (*value[:3], "local")
    return value


def _compare(words: list[str]) -> list[str]:
    differences = []
    for word, reading in zip(words, _ruby_readings(words), strict=True):
        if reading["psych"][:2] == ["error", "Psych::SyntaxError"]:
            continue  # not a plain scalar at all: no reader resolves it
        zoned = not (len(word) > 10 and word[10] in "Tt " and not any(z in word[19:] for z in "Z+-z"))
        for name, read in (("psych", psych), ("safe_yaml", safe_yaml)):
            if name in reading:
                theirs = _theirs(reading[name], zoned or name == "safe_yaml")
                if name == "safe_yaml" and theirs[0] == "time" and theirs[3] == "local":
                    theirs = (*theirs[:3], 0)
                mine = _ours(read, word)
                if mine != theirs:
                    differences.append(f"{name} {word!r}: table {mine}, Ruby {theirs}")
    return differences


def test_the_table_reads_as_psych_and_safe_yaml_do() -> None:
    assert _compare(TABLE) == []


@settings(max_examples=10, deadline=None)
@given(st.lists(WORDS, min_size=300, max_size=300))
def test_the_table_reads_generated_words_as_psych_and_safe_yaml_do(words: list[str]) -> None:
    assert _compare(words) == []


def _pyyaml_kind(word: str) -> str:
    try:
        value = yaml.safe_load(f"v: {word}\n")["v"]
    except yaml.constructor.ConstructorError:
        return "merge" if word == "<<" else "value"
    except ValueError:  # PyYAML resolved it, then failed to build the value (such as 0x_)
        return "error"
    if isinstance(value, (dt.date, dt.datetime)):
        return "timestamp"
    return {bool: "bool", int: "int", float: "float", type(None): "null", str: "str"}[type(value)]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(TABLE), WORDS))
def test_the_table_reads_as_pyyaml_does(word: str) -> None:
    try:
        theirs = _pyyaml_kind(word)
    except yaml.YAMLError:
        return  # not a plain scalar at all
    mine = pyyaml_kind(word)
    assert mine == theirs or (theirs == "error" and mine != "str")
