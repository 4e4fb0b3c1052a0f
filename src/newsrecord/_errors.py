"""The one exception every loader and writer raises for bad input."""

from __future__ import annotations

from collections.abc import Sequence


class NewsRecordError(ValueError):
    """A record could not be loaded or written, with where and why.

    ``source`` is the file path (or ``<string>``), ``line`` and ``column`` are
    1-based in the whole file (the opening ``---`` is line 1) or None, and
    ``field`` is a dotted path such as ``related[1].publishedDateTime`` or None.
    When several problems were found, ``errors`` holds each one; the
    attributes of the exception itself describe the first.

    >>> from newsrecord import NewsRecordError, loads_article
    >>> try:
    ...     loads_article("---\\ntitle: x\\nquality: high\\n---\\n")
    ... except NewsRecordError as exc:
    ...     print(exc.line, exc.column, exc.field)
    ...     print(exc)
    2 1 publishedDateTime
    <string>:2:1: publishedDateTime: field required
    <string>:3:10: quality: expected an integer, got 'high'
    """

    def __init__(
        self,
        message: str,
        *,
        source: str = "<string>",
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        errors: Sequence[NewsRecordError] = (),
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        self.errors: tuple[NewsRecordError, ...] = tuple(errors) or (self,)
        super().__init__(message)

    def _one_line(self) -> str:
        return located(self.source, self.line, self.column, self.field, self.message)

    def __str__(self) -> str:
        return "\n".join(error._one_line() for error in self.errors)

    def __reduce__(self) -> tuple[object, ...]:
        others = self.errors if len(self.errors) > 1 else ()
        return (_rebuild, (self.message, self.source, self.line, self.column, self.field, others))

    @classmethod
    def collect(cls, errors: Sequence[NewsRecordError]) -> NewsRecordError:
        """One exception for several problems, in file order."""
        ordered = sorted(errors, key=lambda e: (e.line or 0, e.column or 0))
        first = ordered[0]
        if len(ordered) == 1:
            return first
        return cls(
            first.message,
            source=first.source,
            line=first.line,
            column=first.column,
            field=first.field,
            errors=ordered,
        )


def located(source: str, line: int | None, column: int | None, field: str | None, message: str) -> str:
    """``source:line:column: field: message``, the form editors and terminals open at the place."""
    where = source
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return f"{where}: {field + ': ' if field else ''}{message}"


def type_error(function: str, takes: str, got: object, hint: str = "") -> TypeError:
    """The TypeError of a public function given the wrong kind of argument: what it takes, what it got, what to do."""
    return TypeError(f"{function}() takes {takes}, got {type(got).__name__}{'; ' + hint if hint else ''}")


def _rebuild(
    message: str,
    source: str,
    line: int | None,
    column: int | None,
    field: str | None,
    errors: tuple[NewsRecordError, ...],
) -> NewsRecordError:
    error = NewsRecordError(message, source=source, line=line, column=column, field=field)
    if errors:
        error.errors = errors
    return error
