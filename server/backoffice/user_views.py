"""Users: create, reset a password, set role and scope, disable (admin only)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from server.backoffice import accounts, bp
from server.backoffice.labels import ROLE_LABELS
from server.backoffice.session import login_required
from server.extensions import db
from server.models import User
from server.users import UserError


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _render_list(status: int = 200) -> tuple[str, int]:
    return (
        render_template(
            "backoffice/users.html",
            users=accounts.all_users(),
            roles=ROLE_LABELS,
            choices=accounts.scope_choices(),
            form=request.form if request.method == "POST" else {},
        ),
        status,
    )


@bp.get("/utilisateurs")
@login_required("users.manage")
def users() -> tuple[str, int]:
    """The users and a form to create one."""
    return _render_list()


@bp.post("/utilisateurs")
@login_required("users.manage")
def user_create() -> Response | tuple[str, int]:
    """Create a user."""
    form = request.form
    try:
        user = accounts.add_user(
            g.user,
            form.get("login", ""),
            form.get("name", ""),
            form.get("role", ""),
            form.get("password", ""),
            form.getlist("secteurs"),
            form.getlist("residences"),
        )
    except UserError as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return _render_list(400)
    db.session.commit()
    flash(f"L'utilisateur « {user.login} » est créé.", "success")
    return redirect(url_for("backoffice.user_page", user_id=user.id))


@bp.get("/utilisateurs/<int:user_id>")
@login_required("users.manage")
def user_page(user_id: int) -> str:
    """A user's role, scope, password and activation."""
    user = _user_or_404(user_id)
    return render_template(
        "backoffice/user.html",
        user=user,
        roles=ROLE_LABELS,
        choices=accounts.scope_choices(),
        secteurs={s.code for s in user.secteurs},
        residences={r.code for r in user.residences},
    )


def _apply(user_id: int, change: str) -> Response:
    user = _user_or_404(user_id)
    form = request.form
    try:
        if change == "scope":
            changed = accounts.change_role_and_scope(
                g.user,
                user,
                form.get("role", ""),
                form.getlist("secteurs"),
                form.getlist("residences"),
            )
            message = (
                "Rôle et périmètre enregistrés : ses appareils rechargeront leurs données."
                if changed
                else "Aucun changement."
            )
        elif change == "password":
            accounts.reset_password(g.user, user, form.get("password", ""))
            message = "Le mot de passe est réinitialisé."
        else:
            accounts.set_active(g.user, user, change == "enable")
            message = (
                "Le compte est réactivé." if change == "enable" else "Le compte est désactivé."
            )
    except UserError as problem:
        db.session.rollback()
        flash(str(problem), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("backoffice.user_page", user_id=user_id))


@bp.post("/utilisateurs/<int:user_id>")
@login_required("users.manage")
def user_update(user_id: int) -> Response:
    """Set a user's role and scope."""
    return _apply(user_id, "scope")


@bp.post("/utilisateurs/<int:user_id>/mot-de-passe")
@login_required("users.manage")
def user_password(user_id: int) -> Response:
    """Reset a user's password."""
    return _apply(user_id, "password")


@bp.post("/utilisateurs/<int:user_id>/desactiver")
@login_required("users.manage")
def user_disable(user_id: int) -> Response:
    """Disable a user."""
    return _apply(user_id, "disable")


@bp.post("/utilisateurs/<int:user_id>/reactiver")
@login_required("users.manage")
def user_enable(user_id: int) -> Response:
    """Re-enable a user."""
    return _apply(user_id, "enable")
