"""Pagination of back-office lists and reading of GET filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from server.extensions import db

PER_PAGE = 50


@dataclass
class Page:
    """One page of results with what the template needs to link to the others."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether a previous page exists."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.page < self.pages


def paginate(statement: Select, page: int, per_page: int = PER_PAGE) -> Page:
    """Run `statement` for one page; rows are scalars when it selects a single entity."""
    total = db.session.execute(
        select(func.count()).select_from(statement.order_by(None).subquery())
    ).scalar_one()
    page = max(1, page)
    rows = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page))
    items = list(rows.scalars()) if len(statement.column_descriptions) == 1 else list(rows)
    return Page(items=items, page=page, per_page=per_page, total=total)


def page_number(raw: str | None) -> int:
    """The page asked in the query string (1 when absent or invalid)."""
    try:
        return max(1, int(raw or "1"))
    except ValueError:
        return 1
