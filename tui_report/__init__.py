"""tui-report: 部门整体支出绩效自评报告 as plain text in git."""

__version__ = "0.1.0"
