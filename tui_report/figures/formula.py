"""Safe Decimal arithmetic over figure ids.

Rules come from report files, which are untrusted text, so they are parsed
by a small recursive-descent parser of our own and never reach ``eval``.
Every failure is a :class:`FormulaError` carrying the offset in the rule, so
a bad formula becomes a problem that points at its column, not a crash.

Grammar::

    rule     := sum (cmp sum)?
    cmp      := == | != | < | <= | > | >=
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := ("-" | "+") unary | atom
    atom     := NUMBER "%"? | NAME | NAME "(" args ")" | "(" sum ")"
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from tui_report.report.errors import TuiReportError

MAX_LENGTH = 2000
MAX_DEPTH = 50
#: Longest chain of operators (a + b + c + … nests one level per term). The
#: evaluator recurses once per level, so this keeps it far from Python's
#: recursion limit whatever the caller's stack; long sums belong in sum().
MAX_TREE_DEPTH = 200

#: Arithmetic context: enough precision for money, and exponent limits so a
#: hostile literal like 1e999999999 is an error, not a huge allocation.
CONTEXT = decimal.Context(
    prec=34,
    Emax=999,
    Emin=-999,
    traps=[decimal.DivisionByZero, decimal.Overflow, decimal.InvalidOperation],
)


class FormulaError(TuiReportError):
    """A formula that cannot be read or computed; ``offset`` is where in its text."""

    def __init__(self, message: str, offset: int = 0, kind: str = "syntax"):
        super().__init__(message)
        self.offset = offset
        self.kind = kind  # syntax | unknown-id | no-value | arithmetic


@dataclass(frozen=True)
class Token:
    kind: str  # num, pct, name, op, lpar, rpar, comma, end
    text: str
    offset: int


#: ASCII only: ``\d`` would read Arabic-Indic or full-width digits as numbers
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)(?P<pct>%)?"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|[-+*/<>])"
    r"|(?P<lpar>\()|(?P<rpar>\))|(?P<comma>,)"
    r")",
    re.ASCII,
)


_FULL_WIDTH = "（），＋－×÷＊／＝＜＞％　"


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式过长（超过 {MAX_LENGTH} 个字符）", 0)
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            bad = text[pos:].lstrip()
            at = len(text) - len(bad)
            hint = "；请用半角符号" if bad[:1] in _FULL_WIDTH else ""
            raise FormulaError(f"公式中有无法识别的字符“{bad[:1]}”{hint}", at)
        if m.group("num") is not None:
            kind = "pct" if m.group("pct") else "num"
            start = m.start("num")
            tokens.append(Token(kind, m.group("num"), start))
        else:
            group = m.lastgroup
            if group is None:  # cannot happen: every alternative is a named group
                raise RuntimeError(f"formula token without a group at {pos}: {text!r}")
            start = m.start(group)
            tokens.append(Token(group, m.group(group), start))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# --- syntax tree -----------------------------------------------------------

@dataclass(frozen=True)
class Num:
    value: Decimal
    offset: int


@dataclass(frozen=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True)
class Unary:
    op: str
    operand: object
    offset: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: object
    right: object
    offset: int


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple
    offset: int


def _round(*args: Decimal) -> Decimal:
    if len(args) not in (1, 2):
        raise TypeError("round 需要 1 或 2 个参数")
    places = int(args[1]) if len(args) == 2 else 0
    if not -20 <= places <= 20:
        raise TypeError("round 的位数应在 -20 到 20 之间")
    return args[0].quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP, context=CONTEXT)


def _abs(*args: Decimal) -> Decimal:
    if len(args) != 1:
        raise TypeError("abs 需要 1 个参数")
    return abs(args[0])


def _needs_args(fn: Callable[..., Decimal], name: str) -> Callable[..., Decimal]:
    def wrapped(*args: Decimal) -> Decimal:
        if not args:
            raise TypeError(f"{name} 至少需要 1 个参数")
        return fn(*args)
    return wrapped


FUNCTIONS: dict[str, Callable[..., Decimal]] = {
    "abs": _abs,
    "min": _needs_args(min, "min"),
    "max": _needs_args(max, "max"),
    "sum": _needs_args(lambda *a: functools.reduce(CONTEXT.add, a, Decimal(0)), "sum"),
    "round": _round,
}

COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, kind: str, what: str) -> Token:
        tok = self.peek()
        if tok.kind != kind:
            raise FormulaError(f"此处应为{what}", tok.offset)
        return self.take()

    def parse_rule(self):
        left = self.parse_sum()
        tok = self.peek()
        if tok.kind == "op" and tok.text in COMPARISONS:
            self.take()
            right = self.parse_sum()
            left = Binary(tok.text, left, right, tok.offset)
            nxt = self.peek()
            if nxt.kind == "op" and nxt.text in COMPARISONS:
                raise FormulaError("一条规则只能有一个比较", nxt.offset)
        tok = self.peek()
        if tok.kind != "end":
            raise FormulaError(f"多余的“{tok.text}”", tok.offset)
        return left

    def parse_sum(self):
        self._enter()
        node = self.parse_product()
        while self.peek().kind == "op" and self.peek().text in "+-":
            tok = self.take()
            node = Binary(tok.text, node, self.parse_product(), tok.offset)
        self.depth -= 1
        return node

    def parse_product(self):
        node = self.parse_unary()
        while self.peek().kind == "op" and self.peek().text in "*/":
            tok = self.take()
            node = Binary(tok.text, node, self.parse_unary(), tok.offset)
        return node

    def parse_unary(self):
        tok = self.peek()
        if tok.kind == "op" and tok.text in "+-":
            self.take()
            self._enter()
            node = Unary(tok.text, self.parse_unary(), tok.offset)
            self.depth -= 1
            return node
        return self.parse_atom()

    def parse_atom(self):
        tok = self.take()
        if tok.kind in ("num", "pct"):
            try:
                value = CONTEXT.create_decimal(tok.text)
                if tok.kind == "pct":
                    value = CONTEXT.divide(value, Decimal(100))
            except decimal.DecimalException:
                raise FormulaError(f"数字“{tok.text}”超出范围", tok.offset, "arithmetic") from None
            return Num(value, tok.offset)
        if tok.kind == "name":
            if self.peek().kind == "lpar":
                if tok.text not in FUNCTIONS:
                    raise FormulaError(f"未知函数“{tok.text}”（可用：{'、'.join(FUNCTIONS)}）", tok.offset)
                self.take()
                args = []
                if self.peek().kind != "rpar":
                    args.append(self.parse_sum())
                    while self.peek().kind == "comma":
                        self.take()
                        args.append(self.parse_sum())
                self.expect("rpar", "“)”")
                return Call(tok.text, tuple(args), tok.offset)
            return Name(tok.text, tok.offset)
        if tok.kind == "lpar":
            node = self.parse_sum()
            self.expect("rpar", "“)”")
            return node
        if tok.kind == "end":
            raise FormulaError("公式不完整", tok.offset)
        raise FormulaError(f"此处不应出现“{tok.text}”", tok.offset)

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"公式嵌套过深（超过 {MAX_DEPTH} 层）", self.peek().offset)


def parse(text: str):
    """Parse a rule or expression; raises :class:`FormulaError`.

    Trees are immutable, so parses are memoised: the editor re-checks on
    every keystroke and the rules rarely change between two of them."""
    if not isinstance(text, str):
        raise FormulaError("公式应为文本", 0)
    return _parse_cached(text)


def clear() -> None:
    """Forget memoised parses (benchmarks use it to time a cold run)."""
    _parse_cached.cache_clear()


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str):
    node = _Parser(text).parse_rule()
    deep = _too_deep(node)
    if deep is not None:
        raise FormulaError(f"公式运算层次过多（超过 {MAX_TREE_DEPTH} 层）；很多项相加请用 sum(a, b, …)", deep)
    return node


def _children(n) -> tuple:
    if isinstance(n, Unary):
        return (n.operand,)
    if isinstance(n, Binary):
        return (n.left, n.right)
    if isinstance(n, Call):
        return n.args
    return ()


def _too_deep(node) -> int | None:
    """Offset of a node nested deeper than MAX_TREE_DEPTH, else None
    (iterative, so a hostile tree cannot overflow the stack here)."""
    stack = [(node, 1)]
    while stack:
        n, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            return getattr(n, "offset", 0)
        stack.extend((c, depth + 1) for c in _children(n))
    return None


def unknown_name(node, known) -> Name | None:
    """The first id in reading order that ``known`` does not contain, so an
    unknown id is reported even when other figures are still empty."""
    for n in names(node):
        if n.name not in known:
            return n
    return None


def names(node) -> list[Name]:
    """Every figure id a parsed formula refers to, in order."""
    out: list[Name] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            out.append(n)
        elif isinstance(n, Unary):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack.extend((n.right, n.left))
        elif isinstance(n, Call):
            stack.extend(reversed(n.args))
    return out


@dataclass(frozen=True)
class Comparison:
    """Result of evaluating a rule with a comparison: both sides kept so the
    problem message can show the numbers (0 + 230.32 − 153.99 = 76.33, not 0)."""

    op: str
    left: Decimal
    right: Decimal
    holds: bool


def evaluate(node, values: Mapping[str, Decimal | None], tolerance: Decimal = Decimal(0)):
    """Evaluate a parsed formula. A comparison returns :class:`Comparison`;
    ``==``/``!=`` treat values within ``tolerance`` as equal."""
    if isinstance(node, Binary) and node.op in COMPARISONS:
        left = _value(node.left, values)
        right = _value(node.right, values)
        diff = abs(left - right)
        eq = diff <= tolerance
        holds = {
            "==": eq,
            "!=": not eq,
            "<": left < right and not eq,
            "<=": left < right or eq,
            ">": left > right and not eq,
            ">=": left > right or eq,
        }[node.op]
        return Comparison(node.op, left, right, holds)
    return _value(node, values)


def _value(node, values: Mapping[str, Decimal | None]) -> Decimal:
    try:
        return _calc(node, values)
    except decimal.DivisionByZero:
        raise FormulaError("除数为零", getattr(node, "offset", 0), "arithmetic") from None
    except decimal.DecimalException:
        raise FormulaError("运算结果超出范围", getattr(node, "offset", 0), "arithmetic") from None
    except RecursionError:
        raise FormulaError("公式嵌套过深", 0) from None


def _calc(node, values: Mapping[str, Decimal | None]) -> Decimal:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        if node.name not in values:
            raise FormulaError(f"未知的数字编号“{node.name}”", node.offset, "unknown-id")
        value = values[node.name]
        if value is None:
            raise FormulaError(f"数字“{node.name}”尚未填写", node.offset, "no-value")
        return value
    if isinstance(node, Unary):
        v = _calc(node.operand, values)
        return CONTEXT.minus(v) if node.op == "-" else CONTEXT.plus(v)
    if isinstance(node, Binary):
        a = _calc(node.left, values)
        b = _calc(node.right, values)
        if node.op == "+":
            return CONTEXT.add(a, b)
        if node.op == "-":
            return CONTEXT.subtract(a, b)
        if node.op == "*":
            return CONTEXT.multiply(a, b)
        if node.op == "/":
            if b == 0:
                raise FormulaError("除数为零", node.offset, "arithmetic")
            return CONTEXT.divide(a, b)
        raise FormulaError(f"比较“{node.op}”只能出现在规则最外层", node.offset)
    if isinstance(node, Call):
        args = [_calc(a, values) for a in node.args]
        try:
            return FUNCTIONS[node.func](*args)
        except TypeError as exc:
            raise FormulaError(str(exc), node.offset) from None
    raise FormulaError("无法计算的公式", 0)


def compute(text: str, values: Mapping[str, Decimal | None], tolerance: Decimal = Decimal(0)):
    """Parse and evaluate in one step."""
    return evaluate(parse(text), values, tolerance)
