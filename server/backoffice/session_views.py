"""Back-office login, logout and home page."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from server.audit import audit
from server.auth import check_credentials, client_address
from server.backoffice import bp
from server.backoffice.forms import LoginForm
from server.backoffice.session import end_current_session, login_required, start_session
from server.extensions import db
from server.policy import is_allowed, residence_scope
from server.throttle import LoginThrottled

# endpoint, action needed, label, description
MENU = [
    (
        "backoffice.queue",
        "backoffice.access",
        "File de revue",
        "Enregistrements reçus du terrain à relire",
    ),
    (
        "backoffice.dashboard",
        "backoffice.access",
        "Tableau de bord",
        "Activité des 30 derniers jours, conflits, appareils silencieux",
    ),
    (
        "backoffice.conflicts",
        "backoffice.access",
        "Conflits",
        "Valeurs modifiées de deux côtés, à trancher",
    ),
    (
        "backoffice.reclamations_board",
        "backoffice.access",
        "Réclamations",
        "Réclamations et incidents ouverts, en retard d'abord ; qualification et affectation",
    ),
    (
        "backoffice.permanences_list",
        "backoffice.access",
        "Permanences",
        "Permanences et leurs contacts, export CSV",
    ),
    (
        "backoffice.sorties_list",
        "backoffice.access",
        "Sorties",
        "États des lieux de sortie, décomptes et lettres au locataire",
    ),
    (
        "backoffice.devices",
        "backoffice.access",
        "Appareils",
        "Dernières synchronisations, révocation",
    ),
    ("backoffice.users", "users.manage", "Utilisateurs", "Comptes, rôles et périmètres"),
    (
        "backoffice.referentiel",
        "referentiel.write",
        "Référentiel",
        "Import des fichiers CSV de l'ERP",
    ),
    (
        "backoffice.journal",
        "audit.read",
        "Journal d'audit",
        "Connexions, exports, révocations, consultations",
    ),
]


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """Session login for back-office staff."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = check_credentials(
                form.login.data or "", form.password.data or "", client_address()
            )
        except LoginThrottled:
            flash("Trop de tentatives de connexion : réessayez dans quelques minutes.", "error")
            return render_template("backoffice/login.html", form=form), 429
        if user is None:
            db.session.commit()
            flash("Identifiant ou mot de passe incorrect.", "error")
            status = 401
        else:
            start_session(user)
            audit("login", user.id, target="backoffice")
            db.session.commit()
            target = request.args.get("next", "")
            if not target.startswith("/bo/") or target.startswith("//"):
                target = url_for("backoffice.home")
            return redirect(target)
    elif request.method == "POST":
        status = 400
    return render_template("backoffice/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    """End the session on the server: its cookie, replayed, no longer opens anything."""
    end_current_session()
    db.session.commit()
    return redirect(url_for("backoffice.login"))


@bp.get("/")
@login_required()
def home() -> str:
    """Greet the user with their role and scope."""
    user = g.user
    scope = residence_scope(user)
    residences = sorted(r.nom for r in user.residences)
    secteurs = sorted(s.nom for s in user.secteurs)
    return render_template(
        "backoffice/home.html",
        user=user,
        agency_wide=scope is None,
        scope_size=len(scope) if scope is not None else None,
        secteurs=secteurs,
        residences=residences,
        can_review=is_allowed(user.role, "backoffice.access", None, None),
        menu=[
            (label, url_for(endpoint), description)
            for endpoint, action, label, description in MENU
            if is_allowed(user.role, action, None, None)
        ],
    )
