"""Pages of big lists (a district's appeals and suggestions) read cheaply.

A page is read in one statement, keys first: `WHERE pk IN (SELECT pk … ORDER BY … LIMIT n OFFSET m)`. The
inner query is narrow (no joins, no annotations), so an index on the list's order — `(town, received_on, id)`
and the like — serves it, often from the index alone; the outer query then joins and annotates only the page's
rows. Sorting every visible row with all its joined columns, as a plain `ORDER BY … LIMIT` does when district
staff list their towns together, costs ten to twenty times more.

The order must end with a unique column (`-id`), so that a key sits on exactly one page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet


def rows_by_key(qs: QuerySet, start: int, stop: int) -> QuerySet:
    """The rows `qs[start:stop]`, the slice taken over primary keys only (see the module's docstring)."""
    if qs.query.distinct or not connections[qs.db].features.allow_sliced_subqueries_with_in:
        return qs[start:stop]  # DISTINCT orders by selected columns only; some databases refuse the subquery
    return qs.filter(pk__in=qs.values("pk")[start:stop])


class KeyPaginator(Paginator):
    """A Paginator whose pages are read by `rows_by_key` (the count is the Paginator's own)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # Paginator._get_page is the documented hook for a page class (the stubs leave it out).
        return self._get_page(rows_by_key(self.object_list, bottom, top), number, self)  # type: ignore[attr-defined,arg-type]


def page_and_query(request, qs: QuerySet):
    """A list page's rows (`?page=`, `RENDA["PAGE_SIZE"]` a page) and its query without `page`, for the
    pagination links to keep the list's filters."""
    from django.conf import settings

    page = KeyPaginator(qs, settings.RENDA["PAGE_SIZE"]).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()
