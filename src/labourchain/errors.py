"""The errors labourchain raises.

Every error is a :class:`LabourchainError` and also the builtin exception it
refines, so ``except ValueError`` keeps working in code that does not know
labourchain. Each message says what was wrong, where it came from, and what
would have been accepted.

    LabourchainError
    ├── InvalidInputError (ValueError)
    │   ├── UnknownCurrencyError (KeyError)
    │   ├── UnknownCountryError (KeyError)
    │   ├── UnknownTimezoneError (KeyError)
    │   ├── UnknownPlatformError (KeyError)
    │   ├── UnknownCaseError (KeyError)
    │   ├── UnknownClientError (KeyError)
    │   ├── LogFormatError
    │   └── ScenarioError
    ├── CurrencyMismatchError (TypeError)
    ├── MissingRateError (LookupError)
    ├── NoStatutoryMinimumError (LookupError)
    ├── UnpublishedRuleError (LookupError)
    └── MissingDependencyError (ImportError)
"""

from __future__ import annotations

__all__ = (
    "CurrencyMismatchError",
    "InvalidInputError",
    "LabourchainError",
    "LogFormatError",
    "MissingDependencyError",
    "MissingRateError",
    "NoStatutoryMinimumError",
    "ScenarioError",
    "UnknownCaseError",
    "UnknownClientError",
    "UnknownCountryError",
    "UnknownCurrencyError",
    "UnknownPlatformError",
    "UnknownTimezoneError",
    "UnpublishedRuleError",
)


class LabourchainError(Exception):
    """Root of every error raised by labourchain."""

    def __str__(self) -> str:
        # KeyError would quote its message; every labourchain error reads as prose.
        return str(self.args[0]) if self.args else ""


class InvalidInputError(LabourchainError, ValueError):
    """A value given to labourchain is not one it accepts."""


class UnknownCurrencyError(InvalidInputError, KeyError):
    """A currency code that is not an active ISO 4217 code."""


class UnknownCountryError(InvalidInputError, KeyError):
    """A country code that is not an ISO 3166-1 alpha-2 code, or one with no figures."""


class UnknownTimezoneError(InvalidInputError, KeyError):
    """A time-zone name that is not in the IANA time-zone database."""


class UnknownPlatformError(InvalidInputError, KeyError):
    """A platform name with no preset in :mod:`labourchain.platforms`."""


class UnknownCaseError(InvalidInputError, KeyError):
    """A case-study name that labourchain does not ship."""


class UnknownClientError(InvalidInputError, KeyError):
    """A client (requester) name that a rating or report does not hold."""


class ScenarioError(InvalidInputError):
    """A scenario (or scenario file) that cannot be accepted; names the field.

    Also importable from :mod:`labourchain.simulate` and
    :mod:`labourchain.simulate.scenario`, where it used to live.
    """


class LogFormatError(InvalidInputError):
    """A row of a work log that cannot be accepted.

    Attributes:
        row: Where the row is. For a file, the line number a spreadsheet shows
            (the header is line 1); for records, the 0-based index in the list.
        column: The name of the offending column.
        value: The offending value as it was given.
        source: The file the row came from, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        source: str | None = None,
    ) -> None:
        self.row = row
        self.column = column
        self.value = value
        self.source = source
        where = []
        if source is not None:
            where.append(source)
        if row is not None:
            where.append(f"{'line' if source is not None else 'row'} {row}")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class CurrencyMismatchError(LabourchainError, TypeError):
    """Two amounts in different currencies were combined without exchange rates."""


class MissingRateError(LabourchainError, LookupError):
    """An exchange rate (or other dated figure) that the caller's data does not hold."""


class NoStatutoryMinimumError(LabourchainError, LookupError):
    """A country with no statutory minimum wage (Finland, China nationally): "none", never zero."""


class UnpublishedRuleError(LabourchainError, LookupError):
    """A platform rule (a fee, a payout threshold) that its operator has not published.

    labourchain leaves such rules unknown rather than inventing them; give an
    assumed value explicitly (for example with :func:`attrs.evolve`) to go on.
    """


class MissingDependencyError(LabourchainError, ImportError):
    """An optional dependency (matplotlib, for pictures) is not installed.

    Also importable from :mod:`labourchain.plot`, where it used to live.
    """
