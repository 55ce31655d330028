"""Derived figures: computed by code from source figures, never typed in.

A formula is arithmetic over figure ids (``parks_invest_2016 / parks_invest_pct_2016 * 100``).
It is parsed with :mod:`ast` and only + − × ÷, numbers, parentheses and ids
are allowed, so the outline can never run code.
"""
from __future__ import annotations

import ast
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation

_OPS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷"}


class FormulaError(ValueError):
    pass


def parse(formula: str) -> ast.Expression:
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        raise FormulaError(f"`{formula}` is not a formula; write e.g. `a_id / b_id * 100`") from None
    for node in ast.walk(tree):
        allowed = (ast.Expression, ast.BinOp, ast.Name, ast.Load, ast.Constant, *_OPS)
        if not isinstance(node, allowed) or (isinstance(node, ast.Constant) and not isinstance(node.value, (int, float))):
            raise FormulaError(f"`{formula}` may only use figure ids, numbers, + - * / and parentheses")
    return tree


def names(formula: str) -> list[str]:
    return [n.id for n in ast.walk(parse(formula)) if isinstance(n, ast.Name)]


def evaluate(formula: str, values: Mapping[str, Decimal], decimals: int) -> Decimal:
    def ev(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            return values[node.id]
        assert isinstance(node, ast.BinOp)
        left, right = ev(node.left), ev(node.right)
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        return left / right

    try:
        result = ev(parse(formula))
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        raise FormulaError(f"`{formula}` divides by zero with the current data") from None
    return result.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def in_words(formula: str, labels: Mapping[str, str]) -> str:
    """The formula with labels instead of ids, for the sources page."""
    def words(node: ast.AST) -> str:
        if isinstance(node, ast.Expression):
            return words(node.body)
        if isinstance(node, ast.Constant):
            return str(node.value)
        if isinstance(node, ast.Name):
            return labels.get(node.id, node.id)
        assert isinstance(node, ast.BinOp)
        return f"{words(node.left)}\u00a0{_OPS[type(node.op)]}\u00a0{words(node.right)}"   # no break beside an operator

    return words(parse(formula))
