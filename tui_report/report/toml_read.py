"""Reading a report's TOML files: bytes → text → data, with every failure a
:class:`ReportError` that names file, line, column and what to do.

``tomllib`` with ``parse_float=Decimal`` reads amounts exactly; its error
messages are located and explained in Chinese here, because "Invalid
statement (at end of document)" tells a finance clerk nothing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tui_report.report.errors import ReportError
from tui_report.report.safe_read import read_bytes

#: A report's files are a few hundred KB at most; a limit keeps a misplaced
#: log or database file from freezing the editor while it is read.
MAX_FILE_BYTES = 32 * 1024 * 1024


def read_text(path: Path, rel: str) -> tuple[str, bytes]:
    """UTF-8 text of a file, with a message that says what to do otherwise.

    Read through :mod:`safe_read`: a pipe, a device, a socket or a folder
    where the file should be is refused (never waited on), and no more than
    :data:`MAX_FILE_BYTES` are read whatever the file claims its size is."""
    data = read_bytes(path, rel, MAX_FILE_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from tui_report.report.encoding import LABELS, OPTION_NAMES, guess

        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        found = guess(data)
        codec = found.codec
        hint = "；请用编辑器另存为 UTF-8"
        if codec:
            hint = (f"；看起来是 {LABELS[codec]} 编码，请运行 `tui-report convert-encoding 报告文件夹` 转为 UTF-8"
                    f"（或 `iconv -f {codec.upper()} -t UTF-8`）")
        elif found.candidates:
            hint = (f"；编码无法确定，可能是 {found.candidates_text()}：请确认后运行 "
                    f"`tui-report convert-encoding 报告文件夹 --from-encoding {OPTION_NAMES.get(found.candidates[0], found.candidates[0])}` 转为 UTF-8")
        raise ReportError(rel, line, col, f"不是 UTF-8 文本{hint}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, data


@dataclass(frozen=True)
class Layout:
    """How a file's bytes are laid out besides its text: a UTF-8 byte-order
    mark (Notepad writes one) and Windows line endings. A rewrite keeps
    both, so one fix is a one-line change and not a file of new lines."""

    bom: bool = False
    crlf: bool = False

    @classmethod
    def of(cls, data: bytes) -> Layout:
        """CRLF when most line ends are CRLF (a mixed file becomes uniform
        only where it is rewritten)."""
        crlf = data.count(b"\r\n")
        return cls(data.startswith(b"\xef\xbb\xbf"), crlf > 0 and crlf * 2 > data.count(b"\n"))

    def text(self, text: str) -> str:
        """The text as the store holds it: line ends as ``\\n``."""
        return text.replace("\r\n", "\n") if self.crlf else text

    def encode(self, text: str) -> bytes:
        """The bytes to write for ``text`` (held with ``\\n`` line ends)."""
        if self.crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


_TOML_END = "(at end of document)"

#: tomllib's messages, with what they usually mean in a report file.
_TOML_HINTS = {
    "Cannot overwrite a value": "重复的键：同一个表里同一个键（例如同一个数字编号）写了两次",
    "Cannot declare": "重复的表头",
    "Unterminated string": "字符串缺少结束引号",
    "Expected \"'''\"": "多行字符串缺少结束的 '''",
    "Expected '\"\"\"'": "多行字符串缺少结束的 \"\"\"",
    "Invalid value": "值的写法不对：文本要加引号，数字不加",
    "Expected newline or end of document after a statement": "一行只能写一个“键 = 值”；请检查引号是否配对",
    "Illegal character '\\n'": "字符串缺少结束引号（单行字符串不能换行；多行文字请用 ''' 括起）",
    "Illegal character": "含有不允许的控制字符",
    "Invalid statement": "无法识别的行：应为“键 = 值”或 [表头]；也可能是上方某个 ''' 字符串提前结束或少了结尾",
    "Unescaped '\\' in a string": "双引号字符串中的 \\ 要写成 \\\\，或改用 ''' 字符串",
}


def parse_toml(text: str, rel: str) -> dict:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        from tui_report.report.conflict_markers import unparsable_message

        conflict = unparsable_message(text)
        if conflict is not None:  # a plain `git merge` broke the file: say so, not "invalid statement"
            raise ReportError(rel, conflict[0], 1, conflict[1]) from None
        msg = str(exc)
        m = _TOML_POS.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else _end_position(text)
        if _TOML_END in msg:
            line, col = _locate_end_error(text, msg) or (line, col)
        msg = _TOML_POS.sub("", msg).replace(_TOML_END, "").strip()
        hint = next((h for k, h in _TOML_HINTS.items() if msg.startswith(k)), "")
        detail = f"{hint}（{msg}）" if hint else msg
        raise ReportError(rel, line, col, f"TOML 格式错误：{detail}") from None
    except RecursionError:
        raise ReportError(rel, *_end_position(text), "TOML 嵌套过深：数组或表嵌套了上千层") from None
    except ValueError as exc:  # an integer longer than Python converts
        m = re.search(r"\d{1000,}", text)
        line, col = 1, 1
        if m:
            line = text.count("\n", 0, m.start()) + 1
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        raise ReportError(rel, line, col, f"TOML 中有无法读取的数字：位数过多（{exc}）") from None


def _end_position(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


_SIMPLE_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=\s*")
_ML_DELIMS = ("'''", '"""')


def _locate_end_error(text: str, msg: str) -> tuple[int, int] | None:
    """tomllib reports some errors "at end of document"; find the line a
    person must look at: the second of two equal keys, or where an
    unterminated multi-line string opens."""
    lines = text.split("\n")
    if msg.startswith("Cannot overwrite a value"):
        seen: set[tuple[str, str]] = set()
        header, in_ml = "", None
        for n, line in enumerate(lines, 1):
            if in_ml:
                if in_ml in line:
                    in_ml = None
                continue
            stripped = line.strip()
            if stripped.startswith("["):
                header = stripped
                seen = {k for k in seen if k[0] != header}  # [[x]] starts a fresh table
                continue
            m = _SIMPLE_KEY.match(line)
            if not m:
                continue
            key = (header, m.group(1))
            if key in seen:
                return n, m.start(1) + 1
            seen.add(key)
            rest = line[m.end():]
            if rest[:3] in _ML_DELIMS and rest[:3] not in rest[3:]:
                in_ml = rest[:3]
        return None
    if msg.startswith(("Unterminated string", "Expected \"'''\"", "Expected '\"\"\"'")):
        opened, open_delim = None, None
        for n, line in enumerate(lines, 1):
            i = 0
            while i < len(line):
                if open_delim:
                    j = line.find(open_delim, i)
                    if j < 0:
                        break
                    open_delim, i = None, j + 3
                    continue
                hits = [k for k in (line.find(d, i) for d in _ML_DELIMS) if k >= 0]
                if not hits:
                    break
                j = min(hits)
                open_delim, opened, i = line[j:j + 3], (n, j + 1), j + 3
        return opened if open_delim else None
    return None


#: Amounts fit comfortably in 15 integer digits and 12 decimals; beyond that a
#: typo (1e999999) would make printing the figure take forever.
MAX_DIGITS, MAX_DECIMALS = 15, 12


def to_decimal(value, what: str) -> Decimal | None:
    """A figure value from TOML: numbers exactly, "" for not yet filled."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what}应为数字，不是 true/false")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, str):
        try:
            d = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{what}“{value}”不是数字") from None
    else:
        raise ValueError(f"{what}应为数字")
    if not d.is_finite():
        raise ValueError(f"{what}“{value}”不是有限的数字")
    exponent = d.as_tuple().exponent  # an int: d is finite
    if d.adjusted() > MAX_DIGITS or (isinstance(exponent, int) and exponent < -MAX_DECIMALS):
        if not d:
            return Decimal(0)
        raise ValueError(f"{what}超出可用范围（最多 {MAX_DIGITS} 位整数、{MAX_DECIMALS} 位小数）")
    return d
