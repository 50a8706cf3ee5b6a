"""French labels of an état des lieux's conditions and marks (the PDF and the family share them)."""

ETAT_LABELS = {
    "neuf": "Neuf",
    "bon": "Bon état",
    "usage": "État d'usage",
    "mauvais": "Mauvais état",
    "hors_service": "Hors service",
}
MARK_LABELS = {"non_teste": "Non testé", "absent": "Absent", "sale": "Sale"}
