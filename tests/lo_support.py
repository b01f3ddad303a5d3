"""LibreOffice as the renderer that measures an exported DOCX.

``soffice --headless --convert-to pdf`` with a private profile
(``-env:UserInstallation``), so parallel runs never share one (a shared
profile makes a second soffice hand its job to the first, or fail), and a
timeout. The DOCX names the faces GB/T 9704 names (仿宋_GB2312, …), which this
machine lacks: a private fontconfig file maps each of them to the family the
PDF export uses for that role (styles/fonts.toml), so LibreOffice sets the
page as a machine with those faces would, instead of whatever fontconfig
substitutes (Noto Sans CJK JP for everything).

``python -m tests.lo_support FILE.docx OUT_DIR`` converts one file the same
way (how docs/images/sample-docx-page1.png is made).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

TIMEOUT = 180  # s: a cold start on a loaded 2-core machine takes ~10 s


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def fonts_conf(folder: Path) -> Path:
    """A fontconfig file: the system's, plus each standard face → the
    family the PDF export chose for its role on this machine."""
    from tui_report.export import fonts
    from tui_report.export.docx_parts import FACES

    chosen = fonts.resolve()
    aliases = []
    for role, face in FACES.items():
        family = chosen[role].family
        aliases.append(f'<alias binding="same"><family>{escape(face.name)}</family>'
                       f"<prefer><family>{escape(family)}</family></prefer></alias>")
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    + "\n".join(aliases) + "\n</fontconfig>\n", encoding="utf-8")
    return conf


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert ``docx`` to ``out_dir/<stem>.pdf``; raises on failure or timeout."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("soffice not found")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tui-report-lo-") as tmp:
        profile = Path(tmp) / "profile"
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf(Path(tmp))), "HOME": tmp}
        res = subprocess.run(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
            capture_output=True, text=True, timeout=TIMEOUT, env=env, stdin=subprocess.DEVNULL,
        )
    pdf = out_dir / (docx.stem + ".pdf")
    if res.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"soffice failed ({res.returncode}): {res.stderr[-2000:]}")
    return pdf


if __name__ == "__main__":
    print(to_pdf(Path(sys.argv[1]), Path(sys.argv[2])))
