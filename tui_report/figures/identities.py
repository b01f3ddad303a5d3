"""The figures every 部门整体支出绩效自评报告 names, and the identities a
reviewer checks between them (DESIGN.md §2).

Import uses the names to give figures found in prose stable ids, so that the
identities can be proposed and so that next year's `new` knows which figure
is 上年结余 and which 本年结余. The ids are those of the sample report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownFigure:
    id: str
    label: str  # the usual words in prose
    aliases: tuple[str, ...] = ()  # other words for the same amount

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


KNOWN_FIGURES: tuple[KnownFigure, ...] = (
    KnownFigure("budget_approved", "预算批复", ("年初预算数", "年初预算", "预算批复数", "批复预算")),
    KnownFigure("budget_adjusted", "全年调整预算数", ("调整预算数", "全年预算数", "调整后预算")),
    KnownFigure("funds_received", "全年实际到位资金", ("实际到位资金", "到位资金")),
    KnownFigure("spend_total", "实际支出", ("全年实际支出", "本年支出合计", "支出合计")),
    KnownFigure("spend_basic", "基本支出"),
    KnownFigure("spend_project", "项目支出"),
    KnownFigure("staff_costs", "人员经费"),
    KnownFigure("office_costs", "公用经费", ("日常公用经费",)),
    KnownFigure("balance_start", "上年结余", ("年初结转结余", "上年结转结余", "年初结余")),
    KnownFigure("balance_end", "本年结余", ("年末结转结余", "本年结转结余", "年末结余")),
    KnownFigure("three_public", "三公经费", ("“三公”经费",)),
    KnownFigure("travel_abroad", "因公出国（境）费", ("因公出国(境)费", "因公出国（境）", "因公出国(境)")),
    KnownFigure("vehicles", "公务用车购置及运行费", ("公务用车购置及运行维护费", "公务用车购置及运行")),
    KnownFigure("vehicle_purchase", "公务用车购置费", ("公务用车购置",)),
    KnownFigure("vehicle_running", "公务用车运行维护费", ("公务用车运行费", "公务用车运行")),
    KnownFigure("reception", "公务接待费", ("公务接待",)),
    KnownFigure("income_total", "收入总计"),
    KnownFigure("expense_total", "支出总计"),
)

BY_ID = {k.id: k for k in KNOWN_FIGURES}


@dataclass(frozen=True)
class Identity:
    id: str
    rule: str
    message: str

    @property
    def needs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(re.findall(r"[a-z_]+", self.rule)))


IDENTITIES: tuple[Identity, ...] = (
    Identity("spend-sum", "spend_total == spend_basic + spend_project", "实际支出应等于基本支出加项目支出"),
    Identity("basic-sum", "spend_basic == staff_costs + office_costs", "基本支出应等于人员经费加公用经费"),
    Identity("balance", "balance_end == balance_start + funds_received - spend_total",
             "本年结余应等于上年结余加全年实际到位资金减实际支出"),
    Identity("three-public", "three_public == travel_abroad + vehicles + reception",
             "三公经费应等于因公出国（境）费、公务用车购置及运行费、公务接待费之和"),
    Identity("vehicles-sum", "vehicles == vehicle_purchase + vehicle_running",
             "公务用车购置及运行费应等于购置费加运行维护费"),
    Identity("income-expense", "income_total == expense_total", "收入总计应等于支出总计"),
)


def match_label(text: str) -> tuple[KnownFigure, str] | None:
    """The known figure whose name ends latest in ``text`` (the words right
    before an amount name it), the longest name on a tie, with the words
    after that name: 其中基本支出 → (基本支出, ""), 项目支出总额 →
    (项目支出, "总额"), 全年实际到位资金 → (全年实际到位资金, "")."""
    best, best_key = None, None
    for known in KNOWN_FIGURES:
        for name in known.names:
            at = text.rfind(name)
            if at < 0:
                continue
            key = (at + len(name), len(name))
            if best_key is None or key > best_key:
                best, best_key = known, key
    if best is None or best_key is None:
        return None
    return best, text[best_key[0]:]


def figure_with_label(figures, names: tuple[str, ...]) -> str | None:
    """Id of the figure (any object with ``.label``) carrying one of ``names``."""
    for fid, fig in figures.items():
        if fig.label in names:
            return fid
    return None
