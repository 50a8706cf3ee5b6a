"""The data-subject export (RGPD art. 15, DOMAIN.md "Data protection"): everything Palier holds
about one person, third parties masked, as a ZIP of a readable PDF and the JSON.

- `names`: how a name written in a record is read and compared (accents, case, civilities);
- `search`: the persons a search designates, the names Palier knows, the staff's names;
- `collect`: the records about one person, family by family, and what each role includes;
- `redaction`: what is masked and how ("[tiers]"), counted;
- `export`, `pdf`, `labels`: the JSON document, the PDF and the ZIP.
The back-office page is server/backoffice/subject_views.py (`/bo/droit-acces`).
"""
