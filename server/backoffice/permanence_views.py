"""The back office's permanences: the list with their number of contacts, each permanence's
page with its contacts, and the export of every contact (CSV). Reads of a page and exports are
written to the audit log: contacts hold what tenants said."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, g, render_template, request, url_for

from server.audit import audit
from server.backoffice import bp
from server.backoffice.downloads import csv_export
from server.backoffice.labels import format_iso
from server.backoffice.naming import record_url
from server.backoffice.paging import Page, page_number
from server.backoffice.permanence_csv import permanences_csv
from server.backoffice.permanence_data import (
    contact_label,
    contacts_of,
    names_of,
    permanence_in_scope,
    permanence_rows,
    permanences,
    residence_names,
    yes_no,
)
from server.backoffice.reclamation_data import residences_of, user_names
from server.backoffice.session import login_required
from server.extensions import db
from server.policy import residence_scope
from server.retention_rules import retention_line

PER_PAGE = 50


@bp.get("/permanences")
@login_required("backoffice.access")
def permanences_list() -> str:
    """The permanences, latest first, with their number of contacts; by résidence."""
    scope = residence_scope(g.user)
    residence = request.args.get("residence", "")
    items = permanences(scope, residence)
    number = page_number(request.args.get("page"))
    shown = items[(number - 1) * PER_PAGE : number * PER_PAGE]
    return render_template(
        "backoffice/permanences.html",
        rows=permanence_rows(shown),
        page=Page(shown, number, PER_PAGE, len(items)),
        params={"residence": residence} if residence else {},
        residence=residence,
        residences=residences_of(scope),
    )


def suite_url(contact: Any) -> str | None:
    """The page of what the contact led to (a réclamation, a fait), when it names one."""
    if not contact.suite_id:
        return None
    if contact.suite == "reclamation":
        return url_for("backoffice.reclamation_page", record_id=contact.suite_id)
    if contact.suite == "fait":
        return record_url("fait", contact.suite_id)
    return None


@bp.get("/permanences/<record_id>")
@login_required("backoffice.access")
def permanence_page(record_id: str) -> str:
    """One permanence and every contact it took; the read is logged."""
    permanence = permanence_in_scope(record_id, residence_scope(g.user))
    if permanence is None:
        abort(404)
    audit("record_read", g.user.id, target=f"permanence:{permanence.id}")
    db.session.commit()
    contacts = contacts_of([permanence.id]).get(permanence.id, [])
    return render_template(
        "backoffice/permanence.html",
        p=permanence,
        residence=residence_names([permanence.residence_id]).get(permanence.residence_id, ""),
        author=user_names([permanence.created_by]).get(permanence.created_by or -1, "—"),
        contacts=contacts,
        names=names_of(contacts),
        label=contact_label,
        yes_no=yes_no,
        date=lambda value: format_iso(value) if value else "—",
        suite_url=suite_url,
        retention=retention_line,
    )


@bp.get("/export/permanences.csv")
@login_required("export")
def permanences_export() -> Response:
    """Every contact of the permanences the user sees, one line each, as CSV (logged)."""
    scope = residence_scope(g.user)
    residence = request.args.get("residence", "")
    items = permanences(scope, residence)
    contacts = contacts_of([p.id for p in items])
    text, count = permanences_csv(
        items,
        residence_names(p.residence_id for p in items),
        contacts,
        names_of(c for found in contacts.values() for c in found),
    )
    filters = {"residence": residence} if residence else {}
    return csv_export("permanences", text, count, filters)
