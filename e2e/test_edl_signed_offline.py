"""Issue 9: an EDL d'entrée of a T3 done entirely offline (server stopped) — rooms, a meter with
its photo, element photos, two signatures, the tenant's PDF made on the tablet — then synced: the
server's hash equals the tablet's, the server's PDF prints it, the tablet shows it received."""

from __future__ import annotations

import io
import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from e2e.edl_pages import autosave, fill_room, room_names, shown_hash, sign_all, start_edl
from e2e.pages import bo_login, expect_synced, login, open_logement, status_bar, sync_now, unlock
from e2e.support import jpeg_with_gps, wait_until


def t3_with_one_locataire(server) -> dict:
    """A T3 of Les Tilleuls whose bail has one locataire (so: two signatures)."""
    code = server.scalar(
        "SELECT l.code FROM logement l JOIN residence r ON r.id = l.residence_id "
        "JOIN bail b ON b.logement_id = l.id "
        "WHERE l.typologie = 'T3' AND r.nom = 'Les Tilleuls' "
        "AND json_array_length(b.locataire_ids) = 1 ORDER BY l.code LIMIT 1"
    )
    return server.logement(code)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_t3_signed_offline_then_synced(server, devices, tmp_path: Path):
    logement = t3_with_one_locataire(server)
    page = devices("tablette")
    login(page, server.url)

    server.stop()
    page.reload()
    unlock(page)
    expect(status_bar(page).get_by_test_id("connexion")).to_have_text("Hors ligne")
    open_logement(page, logement)
    edl_id = start_edl(page)

    # The meter, its photo, the bailleur's representative.
    autosave(page, "Numéro du compteur Eau froide", "EF-2231-Ø")
    autosave(page, "Index Eau froide", "1 234,5")
    meter = jpeg_with_gps(tmp_path / "compteur.jpg", colour=(30, 90, 160))
    page.get_by_label("Photo du compteur Eau froide").set_input_files(str(meter))
    expect(page.get_by_role("img", name="Photo du compteur Eau froide")).to_be_visible()
    autosave(page, "Représentant du bailleur", "Claire Fontaine-Éluard")

    rooms = room_names(page)
    assert len(rooms) >= 5, rooms
    for i, room in enumerate(rooms):
        photo = (
            jpeg_with_gps(tmp_path / f"piece-{i}.jpg", colour=(60 + 30 * i, 140, 90))
            if i < 2
            else None
        )
        fill_room(page, room, "Mauvais état" if i == 1 else "Bon état", photo)

    page.get_by_role("button", name="Relire et faire signer").click()
    expect(page.get_by_role("heading", name=re.compile("^Relecture"))).to_be_visible()
    page.get_by_role("button", name="Figer et passer aux signatures").click()
    expect(page.get_by_role("heading", name=re.compile("^Signatures"))).to_be_visible()
    tablet_hash = shown_hash(page)
    signers = sign_all(page)
    assert len(signers) == 2 and signers[1] == "Claire Fontaine-Éluard", signers

    expect(page.get_by_role("heading", name=re.compile("signé$"))).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Signé sur cet appareil")).to_be_visible()
    assert shown_hash(page) == tablet_hash
    pdf_link = page.get_by_role("link", name="Télécharger le PDF")
    expect(pdf_link).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        pdf_link.click()
    saved = tmp_path / "exemplaire-locataire.pdf"
    download.value.save_as(saved)
    assert re.fullmatch(
        r"etat-des-lieux-entree-.+-\d{4}-\d{2}-\d{2}\.pdf", download.value.suggested_filename
    )
    tablet_pdf = PdfReader(io.BytesIO(saved.read_bytes()))
    for number, sheet in enumerate(tablet_pdf.pages, start=1):
        assert tablet_hash in squeezed(sheet.extract_text()), f"hash missing on page {number}"
    text = pdf_text(saved.read_bytes())
    assert signers[0] in text and "Claire Fontaine-Éluard" in text
    assert "Mauvais état" in text and rooms[0] in text
    assert len(tablet_pdf.pages[0].images) + sum(len(p.images) for p in tablet_pdf.pages[1:]) >= 5
    assert server.scalar("SELECT count(*) FROM etat_des_lieux") == 0

    server.start()
    sync_now(page)
    expect_synced(page, timeout=60_000)
    row = wait_until(
        lambda: server.query(
            "SELECT statut, content_hash FROM etat_des_lieux WHERE id = ?", (edl_id,)
        ),
        message="the EDL on the server",
    )[0]
    assert (row["statut"], row["content_hash"]) == ("signe", tablet_hash)
    assert server.scalar("SELECT count(*) FROM signature WHERE owner_record = ?", (edl_id,)) == 2
    assert server.scalar("SELECT count(*) FROM mutation_log WHERE status = 'rejected'") == 0
    photos = server.scalar(
        "SELECT count(*) FROM photo p WHERE p.owner_record = ? OR p.owner_record IN "
        "(SELECT id FROM edl_element WHERE edl_id = ?)",
        (edl_id, edl_id),
    )
    assert photos == 3
    meter_row = server.scalar("SELECT compteurs FROM etat_des_lieux WHERE id = ?", (edl_id,))
    assert '"index":1234.5' in meter_row.replace(" ", "") and "EF-2231-Ø" in meter_row

    # The tablet says the server holds the same content; its kept copy has done its job.
    sync_now(page)
    expect(page.get_by_role("status").filter(has_text="reçu par le serveur")).to_be_visible(
        timeout=30_000
    )
    kept = page.evaluate(
        """id => new Promise((ok, ko) => { const r = indexedDB.open('palier'); r.onerror = ko;
        r.onsuccess = () => { const q = r.result.transaction('blobs').objectStore('blobs')
        .get('document:edl:' + id); q.onsuccess = () => ok(!!q.result); q.onerror = ko; }; })""",
        edl_id,
    )
    assert kept is False
    expect(page.get_by_role("button", name="Relire et faire signer")).to_have_count(0)
    expect(page.get_by_role("button", name="Bon état")).to_have_count(0)

    # The server's PDF prints the same hash on every page.
    desk = devices("back-office")
    bo_login(desk, server.url)
    response = desk.request.get(f"{server.url}/api/v1/documents/etat_des_lieux/{edl_id}.pdf")
    assert response.status == 200
    server_pdf = PdfReader(io.BytesIO(response.body()))
    for number, sheet in enumerate(server_pdf.pages, start=1):
        assert tablet_hash in squeezed(sheet.extract_text()), f"server PDF page {number}"
    assert "Claire Fontaine-Éluard" in pdf_text(response.body())
    desk.goto(f"{server.url}/bo/records/etat_des_lieux/{edl_id}")
    expect(desk.get_by_text(tablet_hash)).to_be_visible()
    expect(desk.get_by_role("img", name=re.compile("Signature"))).to_have_count(2)
