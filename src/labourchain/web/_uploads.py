"""Uploads held in memory: the multipart form, zips, and the limits on both.

Starlette's own form parser spools files over 1 MB to a temporary file on
disk; this one never does: the body (already capped in size) is parsed with
python-multipart into bytes in memory.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Sequence
from typing import Final

import attrs
from python_multipart.multipart import MultipartParser, parse_options_header

from labourchain.errors import InvalidInputError

__all__ = ("Field", "LimitError", "count_rows", "parse_form", "unzip_logs")


class LimitError(InvalidInputError):
    """An upload over one of the server's limits (size, rows, files, time)."""

    def __init__(self, message: str, *, status: int = 413) -> None:
        super().__init__(message)
        self.status = status


@attrs.frozen
class Field:
    """One field of a form: a value, or a file (with its name as the browser sent it)."""

    name: str
    data: bytes
    filename: str | None = None

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


_MAX_FIELDS: Final = 2000


def parse_form(body: bytes, content_type: str) -> list[Field]:
    """The fields of a ``multipart/form-data`` or urlencoded body, in memory."""
    kind, params = parse_options_header(content_type)
    if kind == b"application/x-www-form-urlencoded":
        from urllib.parse import parse_qsl

        pairs = parse_qsl(
            body.decode("latin-1"), keep_blank_values=True, max_num_fields=_MAX_FIELDS
        )
        return [Field(k, v.encode("latin-1").decode("utf-8", "replace").encode()) for k, v in pairs]
    if kind != b"multipart/form-data":
        raise InvalidInputError(
            f"expected a form (multipart/form-data), got {content_type or 'no Content-Type'!r}"
        )
    boundary = params.get(b"boundary")
    if not boundary:
        raise InvalidInputError("the multipart form has no boundary")
    fields: list[Field] = []
    headers: dict[bytes, bytes] = {}
    parts: list[bytes] = []
    header_name = bytearray()
    header_value = bytearray()

    def on_part_begin() -> None:
        headers.clear()
        parts.clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts.append(data[start:end])

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_name.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        headers[bytes(header_name).lower()] = bytes(header_value)
        header_name.clear()
        header_value.clear()

    def on_part_end() -> None:
        if len(fields) >= _MAX_FIELDS:
            raise InvalidInputError(f"the form has more than {_MAX_FIELDS} fields")
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        filename = disposition.get(b"filename")
        fields.append(
            Field(
                name,
                b"".join(parts),
                None if filename is None else filename.decode("utf-8", "replace"),
            )
        )

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except InvalidInputError:
        raise
    except Exception as exc:  # python-multipart's own errors
        raise InvalidInputError(f"the multipart form cannot be read: {exc}") from None
    return fields


def count_rows(data: bytes, name: str, limit: int) -> None:
    """Refuse a log with more than ``limit`` rows (lines after the header), before parsing it."""
    rows = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1) - 1
    if rows > limit:
        raise LimitError(
            f"{name} has {rows:,} rows; this server reads at most {limit:,} rows per log "
            "(split the log, or ask whoever runs the server to raise --max-rows)"
        )


def _safe_member(name: str) -> bool:
    if not name or "\\" in name or name.startswith("/") or "\x00" in name:
        return False
    if len(name) > 1 and name[1] == ":":  # C:...
        return False
    normal = posixpath.normpath(name)
    return not (normal.startswith("../") or normal == ".." or "/../" in f"/{name}/")


def unzip_logs(
    data: bytes, name: str, *, max_bytes: int, max_files: int = 2000
) -> list[tuple[str, bytes]]:
    """The ``.csv`` files in a zip, read in memory, refusing zip bombs and escaping paths.

    Every member's name must stay inside the archive's folder (no absolute
    path, no ``..``); the sum of the uncompressed sizes must stay under
    ``max_bytes``, checked both from the archive's directory and while
    reading (a directory can lie); a member compressed more than 200 to 1
    is refused.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InvalidInputError(f"{name} is not a zip file that can be read") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > max_files:
            raise LimitError(f"{name} holds {len(infos):,} files; at most {max_files:,} are read")
        for info in infos:
            if not _safe_member(info.filename):
                raise InvalidInputError(
                    f"{name} holds a file outside its folder ({info.filename!r}): refused"
                )
            if info.flag_bits & 0x1:
                raise InvalidInputError(f"{name} is encrypted: refused")
        total = sum(info.file_size for info in infos)
        if total > max_bytes:
            raise LimitError(
                f"{name} unpacks to {total:,} bytes, over this server's limit of "
                f"{max_bytes:,} bytes: refused"
            )
        out: list[tuple[str, bytes]] = []
        read = 0
        for info in infos:
            base = posixpath.basename(info.filename)
            if info.is_dir() or not base.lower().endswith(".csv") or base.startswith("."):
                continue
            if info.filename.startswith("__MACOSX/"):
                continue
            if info.compress_size and info.file_size / info.compress_size > 200:
                raise LimitError(
                    f"{name}: {info.filename!r} is compressed "
                    f"{info.file_size // info.compress_size:,} to 1, as a zip bomb is: refused"
                )
            try:
                with archive.open(info) as handle:
                    content = handle.read(max_bytes - read + 1)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
                raise InvalidInputError(
                    f"{name}: {info.filename!r} cannot be read ({exc})"
                ) from None
            read += len(content)
            if read > max_bytes:
                raise LimitError(
                    f"{name} unpacks to more than this server's limit of {max_bytes:,} bytes: "
                    "refused"
                )
            out.append((info.filename, content))
    if not out:
        raise InvalidInputError(f"{name} holds no .csv log")
    return out


def file_fields(fields: Sequence[Field], name: str) -> list[Field]:
    """The fields named ``name`` that carry a file with content."""
    return [f for f in fields if f.name == name and f.filename is not None and f.data]
