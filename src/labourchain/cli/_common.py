"""What every ``labourchain`` command shares: one-line errors, safe values, safe output files.

- :class:`OneLineGroup`: the one place errors are handled. Every error, click's
  usage errors and labourchain's own (:class:`~labourchain.errors.LabourchainError`,
  and ``OSError`` such as a missing file) included, is one line on stderr with
  exit status 2 (``--debug``: the traceback instead); Ctrl-C exits with status
  130 (what shells expect after SIGINT) and leaves no partial file. Commands
  need no decorator: the group catches what they raise.
- Parameter types, each reading text with :mod:`labourchain._parse` (never
  pint's expression parser) and failing with the option's name:
  :class:`Number` (no ``nan``, no ``inf``, no expressions; a documented range),
  :class:`HourlyWage` (``'2.50 USD/hour'``), :class:`Duration` (``'5min'``)
  and :class:`Date` (``2024-07-01``).
- :class:`Outputs`: the files a command writes (``--plot``, ``--timeline``,
  ``--markdown``, ``--html``). Each target is checked before any work is done;
  each file is written to a temporary file in the same folder, flushed and
  synced, and renamed over the target only when every file of the command is
  complete, so a failure or Ctrl-C leaves any previous file as it was and no
  partial file behind. An existing regular file is replaced (like ``cp`` and
  matplotlib's ``savefig``); a directory, a path ending in ``/``, a special
  file (``/dev/full``) or the command's own input is refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import click
import pint

from labourchain._parse import describe_range, parse_duration, parse_hourly, parse_number
from labourchain._text import printable
from labourchain.errors import InvalidInputError, LabourchainError

__all__ = (
    "Date",
    "Duration",
    "HourlyWage",
    "Number",
    "OneLineGroup",
    "Outputs",
    "choice_option",
    "echo_error",
    "file_option",
    "number_option",
    "platform_option",
    "time_option",
    "wage_option",
)

_F = TypeVar("_F", bound=Callable[..., Any])

#: Exit status after Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


def echo_error(message: str) -> None:
    """Print ``message`` as one line on stderr, control characters escaped."""
    click.echo(f"labourchain: error: {printable(message, newlines=True)}", err=True)


class OneLineGroup(click.Group):
    """A click group whose errors are one line (exit 2) and whose Ctrl-C exits 130.

    Its commands raise :class:`~labourchain.errors.LabourchainError` (or
    ``OSError``) for bad input, as the library does; :meth:`invoke` turns each
    into one line and exit status 2, unless the group's ``--debug`` flag asks
    for the traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (LabourchainError, OSError) as exc:
            if ctx.params.get("debug") or getattr(exc, "errno", None) == errno.EPIPE:
                raise  # a reader that went away (| head) is :meth:`main`'s, quietly
            echo_error(str(exc))
            ctx.exit(2)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
            sys.stdout.flush()
        except click.Abort:
            click.echo("labourchain: interrupted; no file was written or changed", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except click.ClickException as exc:
            message = exc.format_message()
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                message += f" (see '{exc.ctx.command_path} --help')"
            echo_error(message)
            sys.exit(exc.exit_code)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader went away (| head): stop quietly
                with contextlib.suppress(OSError):
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, sys.stdout.fileno())
                sys.exit(1)
            echo_error(f"cannot write the output: {exc.strerror or exc}")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class Number(click.ParamType):  # type: ignore[type-arg]
    """A numeric option read safely and checked against a documented range.

    Args:
        minimum: Smallest value accepted (``None``: no bound).
        maximum: Largest value accepted (``None``: no bound).
        allow_minimum: Whether ``minimum`` itself is accepted.
        integer: Whether the value must be whole (then it is returned as ``int``).
    """

    name = "number"

    def __init__(
        self,
        minimum: float | None = None,
        maximum: float | None = None,
        *,
        allow_minimum: bool = True,
        integer: bool = False,
    ) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.allow_minimum, self.integer = allow_minimum, integer
        if integer:
            self.name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = repr(value)
        where = _where(param)
        if self.integer and isinstance(value, str) and _WHOLE.fullmatch(value):
            whole = int(value)  # exact, however large (a float would round a big seed)
            low_ok = (
                self.minimum is None
                or whole > self.minimum
                or (self.allow_minimum and whole == self.minimum)
            )
            if low_ok and (self.maximum is None or whole <= self.maximum):
                return whole
            self.fail(
                f"{value.strip()[:40]!r} in {where} is out of range: expected "
                f"{describe_range(self.minimum, self.maximum, self.allow_minimum)}",
                param,
                ctx,
            )
        try:
            number = parse_number(
                value,
                where,
                minimum=self.minimum,
                maximum=self.maximum,
                allow_minimum=self.allow_minimum,
                integer=self.integer,
            )
        except InvalidInputError as exc:
            self.fail(str(exc), param, ctx)
        return int(number) if self.integer else number

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        low = "" if self.minimum is None else f"{self.minimum:g}"
        high = "" if self.maximum is None else f"{self.maximum:g}"
        left = "[" if self.allow_minimum else "("
        return f"{self.name.upper()} {left}{low}, {high}]"


def _where(param: click.Parameter | None) -> str:
    """The option a value came from, as errors name it (``--floor``)."""
    return "value" if param is None else (param.opts[0] if param.opts else str(param.name))


class HourlyWage(click.ParamType):  # type: ignore[type-arg]
    """An hourly wage such as ``'2.50 USD/hour'``, read by :func:`labourchain._parse.parse_hourly`.

    Args:
        keywords: Words accepted as they are (lower-cased), such as ``"minimum"``
            for ``budget --floor minimum``.
        blank: Whether an empty value counts as not given (``None``).

    A bad value raises :class:`~labourchain.errors.InvalidInputError` naming
    the text and the option (one line, exit status 2, like any labourchain error).
    """

    name = "wage"

    def __init__(self, *, keywords: Sequence[str] = (), blank: bool = False) -> None:
        self.keywords = tuple(keywords)
        self.blank = blank

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, pint.Quantity):
            return value
        if self.blank and value == "":
            return None
        if self.keywords and isinstance(value, str) and value.strip().lower() in self.keywords:
            return value.strip().lower()
        return parse_hourly(value, _where(param))


class Duration(click.ParamType):  # type: ignore[type-arg]
    """A duration such as ``'5min'``, ``'90 s'`` or ``'1.5 hour'`` (a plain number: minutes).

    Read by :func:`labourchain._parse.parse_duration`: at most one week; zero
    only where ``allow_zero``. Returns a quantity in minutes.
    """

    name = "time"

    def __init__(self, *, allow_zero: bool = True) -> None:
        self.allow_zero = allow_zero

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, pint.Quantity):
            return value
        return parse_duration(value, _where(param), allow_zero=self.allow_zero)


class Date(click.ParamType):  # type: ignore[type-arg]
    """A date written ``YYYY-MM-DD`` (returned as :class:`datetime.date`).

    Args:
        iso: Read any ISO 8601 date :meth:`date.fromisoformat` reads (``20240701``
            too) rather than ``YYYY-MM-DD`` alone (where ``2024-7-1`` is read too).
    """

    name = "date"

    def __init__(self, *, iso: bool = False) -> None:
        self.iso = iso

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, date):
            return value
        try:
            if self.iso:
                return date.fromisoformat(value)
            return datetime.strptime(value, "%Y-%m-%d").date()
        except (TypeError, ValueError):
            how = " (YYYY-MM-DD)" if self.iso else "; write it like 2024-07-01"
            raise click.BadParameter(
                f"{value!r} is not a date{how}",
                ctx=ctx,
                param_hint=_where(param),
            ) from None


def number_option(flag: str, kind: Number, default: float, description: str) -> Callable[[_F], _F]:
    """A numeric option read by ``kind`` (a :class:`Number`), its default shown in the help."""
    return click.option(flag, type=kind, default=default, show_default=True, help=description)


def choice_option(
    flag: str, choices: Sequence[str], default: str, description: str
) -> Callable[[_F], _F]:
    """An option that takes one of ``choices``, its default shown in the help."""
    return click.option(
        flag, type=click.Choice(choices), default=default, show_default=True, help=description
    )


def platform_option(description: str) -> Callable[[_F], _F]:
    """``--platform NAME``: a platform preset, passed to the command as ``platform_name``."""
    return click.option("--platform", "platform_name", metavar="NAME", help=description)


def wage_option(
    flag: str,
    description: str,
    *,
    required: bool = False,
    keywords: Sequence[str] = (),
    blank: bool = False,
) -> Callable[[_F], _F]:
    """An option taking an hourly wage (:class:`HourlyWage`), shown as ``WAGE``."""
    return click.option(
        flag,
        required=required,
        metavar="WAGE",
        type=HourlyWage(keywords=keywords, blank=blank),
        help=description,
    )


def time_option(
    flag: str, description: str, *, default: str | None = None, allow_zero: bool = True
) -> Callable[[_F], _F]:
    """An option taking a duration (:class:`Duration`), shown as ``TIME``; a default is shown."""
    return click.option(
        flag,
        metavar="TIME",
        type=Duration(allow_zero=allow_zero),
        default=default,
        show_default=default is not None or None,
        help=description,
    )


def file_option(flag: str, dest: str, metavar: str, description: str) -> Callable[[_F], _F]:
    """An option naming a file (not a folder) as a :class:`~pathlib.Path`."""
    return click.option(
        flag,
        dest,
        metavar=metavar,
        type=click.Path(dir_okay=False, path_type=Path),
        help=description,
    )


_PICTURE_SUFFIXES = (".png", ".svg", ".pdf")
_WHOLE = re.compile(r"\s*\+?\d{1,40}\s*")


class Outputs:
    """The files one command run writes, all or none (see the module docs).

    Use as a context manager: :meth:`add` each target before doing any work,
    :meth:`temporary` to get the path to write each one to, :meth:`commit`
    when all are written. Leaving the block without committing (an error,
    Ctrl-C) removes the temporary files and leaves the targets untouched.
    """

    def __init__(self, inputs: Sequence[Path] = ()) -> None:
        self._inputs = [p.resolve() for p in inputs]
        self._targets: dict[str, Path] = {}
        self._temps: dict[str, Path] = {}

    def __enter__(self) -> Outputs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.discard()

    def add(self, option: str, path: Path | str, *, picture: bool = False) -> Path:
        """Check the target of ``option`` and return the path that will be written.

        A picture's suffix names its format (``.png``, ``.svg`` or ``.pdf``);
        a picture path without a suffix gets ``.png``, and the messages name
        the file actually written.

        Raises:
            InvalidInputError: naming the option, if the target cannot be written.
        """
        text = os.fspath(path)
        if not text:
            raise InvalidInputError(f"{option} needs a file name")
        if text.endswith(("/", os.sep)):
            raise InvalidInputError(
                f"{option} {printable(text)} names a folder: give a file name, "
                f"e.g. {text}report{'.png' if picture else ''}"
            )
        target = Path(text)
        if picture:
            if not target.suffix:
                target = target.with_name(target.name + ".png")
            elif target.suffix.lower() not in _PICTURE_SUFFIXES:
                raise InvalidInputError(
                    f"{option} {printable(text)}: a picture is written as "
                    f"{', '.join(_PICTURE_SUFFIXES)} (the suffix names the format), "
                    f"not {target.suffix!r}"
                )
        shown = printable(os.fspath(target))
        if target.is_dir():
            raise InvalidInputError(f"{option} {shown} is a folder: give a file name")
        if target.exists() and not target.is_file():
            raise InvalidInputError(
                f"{option} {shown} is not a regular file (a device or a pipe): give a file name"
            )
        folder = target.parent
        if not folder.is_dir():
            raise InvalidInputError(
                f"{option} {shown}: the folder {printable(os.fspath(folder))} does not exist"
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InvalidInputError(
                f"{option} {shown}: the folder {printable(os.fspath(folder))} is not writable"
            )
        resolved = target.resolve()
        if resolved in self._inputs:
            raise InvalidInputError(f"{option} {shown} is the input log: it would be overwritten")
        for other, taken in self._targets.items():
            if taken.resolve() == resolved:
                raise InvalidInputError(f"{option} and {other} both name {shown}")
        self._targets[option] = target
        return target

    def __contains__(self, option: str) -> bool:
        return option in self._targets

    def temporary(self, option: str) -> Path:
        """A new, empty temporary file beside the target of ``option``, with the same suffix."""
        target = self._targets[option]
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.stem}.", suffix=f".part{target.suffix}"
        )
        os.close(handle)
        self._temps[option] = Path(name)
        return self._temps[option]

    def write_text(self, option: str, text: str) -> None:
        """Write ``text`` (UTF-8) as the content of ``option``'s target, on commit."""
        with open(self.temporary(option), "w", encoding="utf-8", newline="") as handle:
            handle.write(text)

    def commit(self) -> Iterator[tuple[str, Path]]:
        """Sync every temporary file and rename it over its target; yield ``(option, path)``.

        Raises:
            OSError: if a file cannot be synced or renamed (the others are not renamed).
        """
        missing = [o for o in self._targets if o not in self._temps]
        if missing:
            raise LabourchainError(f"no file was written for {', '.join(missing)}")
        for temp in self._temps.values():
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        done = []
        for option, temp in list(self._temps.items()):
            target = self._targets[option]
            mode = _mode_for(target)
            os.chmod(temp, mode)
            os.replace(temp, target)
            del self._temps[option]
            done.append((option, target))
        return iter(done)

    def discard(self) -> None:
        """Remove the temporary files not yet committed."""
        for temp in self._temps.values():
            with contextlib.suppress(OSError):
                temp.unlink()
        self._temps.clear()


def _mode_for(target: Path) -> int:
    """The permissions for a new file: those of the file replaced, or 0o666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
