"""`make demo`: the sample report opened in a scratch copy.

The sample under data/ is tracked: editing it in place would leave the
repository dirty, and exports made from the editor go to the current
folder. So the sample is copied to a new folder outside the repository
(under $TMPDIR, or DEMO_PARENT when set), the editor starts there, and the
folder's path is printed before and after so the copy can be found again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "furong-kexie-2022"


def main() -> int:
    parent = os.environ.get("DEMO_PARENT") or tempfile.gettempdir()
    Path(parent).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tui-report-demo-", dir=parent))
    report = work / SAMPLE.name
    shutil.copytree(SAMPLE, report)
    print(f"示例报告的副本：{report}")
    print("（仓库中的示例不会被修改；在编辑器中导出的文件也保存在这个文件夹）")
    tool = Path(sys.executable).with_name("tui-report")
    command = [str(tool)] if tool.exists() else [sys.executable, "-m", "tui_report"]
    code = subprocess.call([*command, str(report)], cwd=work)
    print(f"示例报告的副本保存在：{report}")
    return code


if __name__ == "__main__":
    sys.exit(main())
