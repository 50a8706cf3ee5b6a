"""Issue 11: a troubles de voisinage dossier built offline across two visits — the complaint and
the plaignant's interview on the gestionnaire's tablet, three night-time faits from the gardien's
phone, then rappel au bail, the mis en cause's interview and a mise en demeure — synced; the back
office shows the timeline and counts, and the mise en demeure's PDF names no plaignant."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.pages import bo_login, expect_synced, idb_holds, login, open_logement, sync_now
from e2e.support import wait_until
from e2e.troubles_pages import (
    Complaint,
    Interview,
    Occurrence,
    Step,
    attach_loose_faits,
    bo_field,
    bo_rows,
    bo_section,
    chronology,
    faits_of_logement,
    go_offline,
    go_online_and_sync,
    loose_faits,
    next_step,
    open_dossier,
    pdf_text,
    record_interview,
    record_step,
    report_fait,
)

PLAIGNANTE = "Mme Lefèvre"
# Where the plaignante lives: typed in her interview, never to be printed for the mis en cause.
PLAIGNANTE_ADRESSE = "8 rue des Capucines"

COMPLAINT = Complaint(
    nature="Bruit",
    depuis="2025-09-01",
    frequence="Chaque jour",
    menages=3,
    qualification="Trouble de voisinage",
    description="Musique forte et cris signalés par plusieurs voisins, surtout la nuit.",
)
PLAINTE = Interview(
    role="Plaignant",
    personne=PLAIGNANTE,
    date="2025-09-29T10:00",
    lieu=f"Chez {PLAIGNANTE}, {PLAIGNANTE_ADRESSE}",
    mene_par="Claire Fontaine",
    faits_declares=(
        f"{PLAIGNANTE} déclare entendre de la musique forte presque chaque nuit depuis début "
        "septembre, jusqu'à 2 h du matin."
    ),
    engagement="Noter chaque nuisance (date, heure, durée) dans un cahier.",
    echeance="2025-10-31",
)
FAITS = [
    Occurrence(
        "Bruit",
        "2025-10-03T23:40",
        "Forte",
        "Gardien",
        f"{PLAIGNANTE} (plaignante)",
        "Musique audible dans la cage d'escalier.",
    ),
    Occurrence(
        "Bruit",
        "2025-10-04T01:30",
        "Moyenne",
        "Gardien",
        f"{PLAIGNANTE} (plaignante)",
        "Cris et portes claquées.",
    ),
    Occurrence(
        "Bruit",
        "2025-11-06T22:45",
        "Forte",
        "Gardien",
        "",
        "Basses audibles depuis le palier.",
    ),
]
RAPPEL = Step(
    type="Rappel au bail",
    date="2025-11-12T09:00",
    details="Rappel de l'obligation de jouissance paisible du logement.",
)
MISE_EN_DEMEURE = Step(
    type="Mise en demeure",
    date="2025-11-12T10:30",
    details="Musique et cris relevés la nuit les 3 et 4 octobre et le 6 novembre 2025.",
    delai="2025-12-12",
    consequences="nous saisirons le tribunal judiciaire en résiliation du bail.",
)


def mis_en_cause(server) -> tuple[dict, str]:
    """A logement of Les Tilleuls (the gardien's résidence) whose bail, current since before the
    troubles, has one locataire; with that locataire's name."""
    code = server.scalar(
        "SELECT l.code FROM logement l JOIN residence r ON r.id = l.residence_id "
        "JOIN bail b ON b.logement_id = l.id "
        "WHERE r.nom = 'Les Tilleuls' AND b.debut <= '2025-09-01' AND b.fin IS NULL "
        "AND json_array_length(b.locataire_ids) = 1 ORDER BY l.code LIMIT 1"
    )
    logement = server.logement(code)
    name = server.scalar(
        "SELECT lo.prenom || ' ' || lo.nom FROM bail b, json_each(b.locataire_ids) j "
        "JOIN locataire lo ON lo.id = j.value WHERE b.logement_id = ? AND b.fin IS NULL",
        (logement["id"],),
    )
    assert name and "Lefèvre" not in name
    return logement, name


def visit_one(tablet: Page, server, logement) -> str:
    """Offline on the tablet: the dossier from the complaint, the plaignante's interview; synced."""
    login(tablet, server.url)
    go_offline(tablet)
    open_logement(tablet, logement)
    dossier_id = open_dossier(tablet, COMPLAINT)
    expect(next_step(tablet)).to_have_text("Prochaine étape : entretien avec le plaignant.")
    record_interview(tablet, PLAINTE)
    expect(next_step(tablet)).to_have_text("Prochaine étape : rappel au bail au mis en cause.")
    assert server.scalar("SELECT count(*) FROM dossier_trouble") == 0

    go_online_and_sync(tablet)
    dossier = wait_until(
        lambda: server.query("SELECT * FROM dossier_trouble WHERE id = ?", (dossier_id,)),
        message="the dossier on the server",
    )[0]
    assert dossier["logement_id"] == logement["id"]
    assert (dossier["nature"], dossier["depuis"], dossier["frequence"]) == (
        '["bruit"]',
        "2025-09-01",
        "quotidien",
    )
    assert (dossier["menages_concernes"], dossier["qualification"]) == (3, "trouble_voisinage")
    entretien = server.query("SELECT * FROM entretien WHERE dossier_id = ?", (dossier_id,))
    assert len(entretien) == 1
    assert (entretien[0]["role"], entretien[0]["personne"]) == ("plaignant", PLAIGNANTE)
    assert entretien[0]["information_donnee"] == 1
    assert entretien[0]["faits_declares"] == PLAINTE.faits_declares
    assert PLAINTE.engagement in entretien[0]["engagements"]
    return dossier_id


def faits_on_server(server, logement_id: str) -> list:
    """The faits of a logement on the server, oldest first, with who reported them."""
    return server.query(
        "SELECT f.id, f.survenu_le, f.nuit, f.dossier_id, u.login FROM fait f "
        "JOIN user_account u ON u.id = f.created_by "
        "WHERE f.logement_id = ? ORDER BY f.survenu_le",
        (logement_id,),
    )


def gardien_reports(phone: Page, server, logement, dossier_id: str) -> None:
    """Offline on the gardien's phone: three faits on the logement; synced; still listed."""
    login(phone, server.url, user="gardien")
    go_offline(phone)
    open_logement(phone, logement)
    expect(phone.get_by_role("button", name="Ouvrir un dossier de troubles")).to_have_count(0)
    for fait in FAITS:
        report_fait(phone, fait)
    expect(faits_of_logement(phone)).to_have_count(3)
    assert server.scalar("SELECT count(*) FROM fait") == 0

    go_online_and_sync(phone)
    wait_until(
        lambda: len(faits_on_server(server, logement["id"])) == 3,
        message="the three faits on the server",
    )
    rows = faits_on_server(server, logement["id"])
    assert [tuple(r)[1:] for r in rows] == [
        ("2025-10-03T23:40:00+02:00", 1, None, "gardien"),
        ("2025-10-04T01:30:00+02:00", 1, None, "gardien"),
        ("2025-11-06T22:45:00+01:00", 1, None, "gardien"),
    ]
    # Its own faits come back to the gardien's phone; the dossier never does.
    sync_now(phone)
    expect_synced(phone)
    expect(faits_of_logement(phone)).to_have_count(3)
    assert idb_holds(phone, "fait", rows[0]["id"])
    assert not idb_holds(phone, "dossier_trouble", dossier_id)


def visit_two(tablet: Page, server, dossier_id: str, mis_en_cause_name: str) -> None:
    """Pull the gardien's faits, then offline: attach them, rappel au bail, the mis en cause's
    interview, the mise en demeure; synced."""
    sync_now(tablet)
    expect(loose_faits(tablet)).to_have_count(3)
    go_offline(tablet)
    attach_loose_faits(tablet, 3)
    expect(chronology(tablet).filter(has_text="Fait : Bruit")).to_have_count(3)
    record_step(tablet, RAPPEL)
    record_interview(
        tablet,
        Interview(
            role="Mis en cause",
            personne=mis_en_cause_name,
            date="2025-11-12T09:30",
            lieu="Agence, bureau 2",
            mene_par="Claire Fontaine",
            faits_declares=(
                f"{mis_en_cause_name} déclare recevoir des amis le week-end et ignorer que la "
                "musique s'entendait chez les voisins."
            ),
            engagement="Baisser la musique après 22 h.",
            echeance="2025-11-30",
        ),
    )
    record_step(tablet, MISE_EN_DEMEURE)
    expect(next_step(tablet)).to_have_text(
        "Prochaine étape : saisir les partenaires (police, conciliateur, mairie, services sociaux)."
    )
    expect(chronology(tablet)).to_have_count(7)

    go_online_and_sync(tablet)
    wait_until(
        lambda: (
            server.scalar("SELECT count(*) FROM demarche WHERE dossier_id = ?", (dossier_id,)) == 2
        ),
        message="the two démarches on the server",
    )
    assert server.scalar("SELECT count(*) FROM entretien WHERE dossier_id = ?", (dossier_id,)) == 2
    assert server.scalar("SELECT count(*) FROM fait WHERE dossier_id = ?", (dossier_id,)) == 3
    mise = server.query("SELECT delai, consequences FROM demarche WHERE type = 'mise_en_demeure'")
    assert [tuple(r) for r in mise] == [("2025-12-12", MISE_EN_DEMEURE.consequences)]
    assert server.scalar("SELECT count(*) FROM mutation_log WHERE status = 'rejected'") == 0


def back_office(desk: Page, server, dossier_id: str, logement, mis_en_cause_name: str) -> None:
    """The dossier's page: header, step, counts, timeline; the mise en demeure's PDF."""
    bo_login(desk, server.url)
    desk.goto(f"{server.url}/bo/records/dossier_trouble/{dossier_id}")
    header = bo_section(desk, "Dossier de troubles de voisinage")
    expect(bo_field(header, "Nature")).to_have_text("bruit")
    expect(bo_field(header, "Qualification")).to_have_text("Trouble de voisinage")
    expect(bo_field(header, "Fréquence")).to_have_text("quotidien")
    expect(bo_field(header, "Étape actuelle")).to_have_text("Mise en demeure")
    partners = "police, conciliateur, mairie, services sociaux"
    expect(
        header.get_by_text(f"Prochaine étape : saisir les partenaires ({partners}).")
    ).to_be_visible()

    counts = bo_section(desk, "Chiffres")
    expect(bo_field(counts, "Faits relevés")).to_have_text(
        "3 (du 03/10/2025 à 23h40 au 06/11/2025 à 22h45)"
    )
    expect(bo_field(counts, "Nuits troublées (22 h – 7 h)")).to_have_text("2")
    expect(bo_field(counts, "Ménages concernés")).to_have_text("3")
    assert bo_rows(counts.get_by_role("table", name="Faits par mois")) == [
        ["10/2025", "2"],
        ["11/2025", "1"],
    ]

    timeline = [row[:2] for row in bo_rows(bo_section(desk, "Chronologie").get_by_role("table"))]
    assert timeline == [
        ["29/09/2025 à 10h00", "Entretien avec Mme Lefèvre (plaignant)"],
        ["03/10/2025 à 23h40", "Fait : bruit (forte), de nuit"],
        ["04/10/2025 à 01h30", "Fait : bruit (moyenne), de nuit"],
        ["06/11/2025 à 22h45", "Fait : bruit (forte), de nuit"],
        ["12/11/2025 à 09h00", "Rappel au bail"],
        ["12/11/2025 à 09h30", f"Entretien avec {mis_en_cause_name} (mis en cause)"],
        ["12/11/2025 à 10h30", "Mise en demeure"],
    ]

    expect(header.get_by_role("link", name="Rappel au bail du 12/11/2025 (PDF)")).to_be_visible()
    letter = header.get_by_role("link", name="Mise en demeure du 12/11/2025 (PDF)")
    href = letter.get_attribute("href")
    assert href
    response = desk.request.get(server.url + href, timeout=60_000)
    assert response.status == 200, response.text()
    text = pdf_text(response.body())
    flat = re.sub(r"\s+", " ", text)
    # The mis en cause's context…
    for expected in (
        mis_en_cause_name,
        f"Logement {logement['numero']}",
        "Résidence Les Tilleuls",
        "12 rue des Tilleuls",
        "Le 12/11/2025",
        "Objet : mise en demeure — troubles de voisinage",
        "Des troubles de voisinage (bruit)",
        "depuis le 01/09/2025",
        "Nous avons relevé 3 faits",
        "dont 2 nuits troublées",
        "3 ménages sont concernés",
        MISE_EN_DEMEURE.details,
        "au plus tard le 12/12/2025",
        MISE_EN_DEMEURE.consequences,
    ):
        assert expected in flat, (expected, flat)
    # …and nothing of the plaignante: neither her name nor where she lives.
    assert "Lefèvre" not in text and "Lefevre" not in text
    assert "Capucines" not in text
    mise_id = server.scalar("SELECT id FROM demarche WHERE type = 'mise_en_demeure'")
    reads = server.query("SELECT action, target FROM audit_log WHERE action LIKE '%_read'")
    assert ("record_read", f"dossier_trouble:{dossier_id}") in [tuple(r) for r in reads]
    assert ("document_read", f"demarche:{mise_id}") in [tuple(r) for r in reads]


def test_dossier_built_offline_over_two_visits(server, devices, phone):
    logement, name = mis_en_cause(server)
    tablet = devices("tablette")
    dossier_id = visit_one(tablet, server, logement)
    gardien_reports(phone, server, logement, dossier_id)
    visit_two(tablet, server, dossier_id, name)
    back_office(devices("back-office"), server, dossier_id, logement, name)
