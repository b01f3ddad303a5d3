"""Old Word (.doc), WPS (.wps) and OpenDocument (.odt) files → .docx bytes,
through LibreOffice, so one reader (:mod:`.docx_reader`) reads them all.

Last year's report is often a .doc or a .wps. LibreOffice converts it
headless, with a private profile in a temporary folder (a shared profile
makes a second soffice hand its job to the first, or fail), no macros run,
and a time limit; the folder is removed afterwards, so nothing is left
beside the source. Where LibreOffice is absent the message says what to
install or how to save the file instead.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tui_report.report.errors import TuiReportError

#: the kinds LibreOffice reads for us
SUFFIXES = (".doc", ".wps", ".odt", ".rtf")
TIMEOUT = 180  # s: a cold start on a loaded 2-core machine takes ~10 s


class ConvertError(TuiReportError):
    """The file could not be converted; the message says what to do."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, suffix: str) -> bytes:
    """``data`` (a file of kind ``suffix``) as the bytes of a .docx."""
    program = soffice()
    if program is None:
        raise ConvertError(f"导入 {suffix} 文件需要 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui）；"
                           "也可在 Word/WPS 中“另存为” .docx 或 .txt 后再导入")
    with tempfile.TemporaryDirectory(prefix="tui-report-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"source{suffix}"
        source.write_bytes(data)
        out = folder / "out"
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise ConvertError(f"LibreOffice 转换 {suffix} 文件超过 {TIMEOUT} 秒未完成；"
                               "请在 Word/WPS 中另存为 .docx 或 .txt 后再导入") from None
        except OSError as exc:
            raise ConvertError(f"无法启动 LibreOffice（{exc.strerror or exc}）；请在 Word/WPS 中另存为 .docx 后再导入") from None
        result = out / "source.docx"
        if not result.is_file():
            raise ConvertError(f"LibreOffice 无法转换这个 {suffix} 文件（可能已损坏或加密）；"
                               "请在 Word/WPS 中打开并“另存为” .docx 或 .txt 后再导入")
        return result.read_bytes()
