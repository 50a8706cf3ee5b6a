"""The troubles de voisinage dossier's back-office page (issue 11): the record page of a
dossier_trouble with its current step, the counts that matter to a judge, one chronology of its
faits, entretiens and démarches, and links to its PDFs. Viewing it is audited by the record page
("record_read"); each PDF read is audited by the documents API ("document_read")."""

from __future__ import annotations

from typing import Any

from server.backoffice.record import RECORD_PAGES, RecordPage
from server.documents import troubles_records as tr
from server.documents.troubles_pdf import dossier_view


def dossier_extra(record: Any) -> dict[str, Any]:
    """What the dossier's page shows besides the generic record page."""
    records = tr.dossier_records(record.id)
    if records is None:  # the page exists for a stored record: only a race can get here
        return {"troubles": None}
    return {"troubles": dossier_view(records, tr.logement_label(record.logement_id))}


RECORD_PAGES[tr.DOSSIER] = RecordPage("backoffice/troubles_dossier.html", dossier_extra)
