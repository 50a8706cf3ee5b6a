"""Référentiel import from the back office: keep the uploaded CSV files, preview, then apply."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from server.audit import audit
from server.models import User
from server.referentiel import ImportPlan, apply_import, plan_import
from server.referentiel_io import FILES, read_folder

TOKEN_RE = re.compile(r"[0-9a-f]{32}")
MAX_AGE_SECONDS = 24 * 3600
PREVIEW_LIMIT = 50


class UploadError(ValueError):
    """An upload that cannot be previewed or applied (French message)."""


@dataclass
class Preview:
    """What an uploaded set of files would change."""

    token: str
    files: list[str]
    plan: ImportPlan

    def changed_codes(self) -> dict[str, list[str]]:
        """Codes of the records to create or update, per entity (first ones only)."""
        out: dict[str, list[str]] = {}
        for kind, rows in (("créé", self.plan.creates), ("modifié", self.plan.updates)):
            for entity, items in rows.items():
                codes = [f"{r.get('code') or r.get('element')} ({kind})" for r in items]
                out.setdefault(entity, []).extend(codes)
        return {e: codes[:PREVIEW_LIMIT] for e, codes in out.items()}


def _root() -> Path:
    return Path(current_app.config["PALIER_DATA_DIR"]) / "imports"


def _folder(token: str) -> Path:
    if not TOKEN_RE.fullmatch(token):
        raise UploadError("Import introuvable.")
    folder = _root() / token
    if not folder.is_dir():
        raise UploadError("Import introuvable ou expiré : déposez à nouveau les fichiers.")
    return folder


def _purge_old() -> None:
    root = _root()
    if not root.is_dir():
        return
    limit = time.time() - MAX_AGE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def save_upload(actor: User, files: list[tuple[str, bytes]]) -> str:
    """Store uploaded (file name, content) pairs under a new token; UploadError when unusable."""
    named = {}
    for name, content in files:
        base = Path(name or "").name.lower()
        if base not in FILES:
            expected = ", ".join(FILES)
            raise UploadError(f"Fichier « {name} » non reconnu : noms attendus {expected}.")
        named[base] = content
    if not named:
        raise UploadError("Choisissez au moins un fichier CSV.")
    _purge_old()
    token = secrets.token_hex(16)
    folder = _root() / token
    folder.mkdir(parents=True)
    for base, content in named.items():
        (folder / base).write_bytes(content)
    (folder / "meta.json").write_text(json.dumps({"user_id": actor.id}))
    return token


def _check_owner(folder: Path, actor: User) -> None:
    meta = json.loads((folder / "meta.json").read_text())
    if meta.get("user_id") != actor.id:
        raise UploadError("Cet import a été déposé par un autre utilisateur.")


def preview(actor: User, token: str) -> Preview:
    """Plan the import of the stored files against the current référentiel; nothing is written."""
    folder = _folder(token)
    _check_owner(folder, actor)
    files = sorted(p.name for p in folder.iterdir() if p.name in FILES)
    return Preview(token, files, plan_import(read_folder(folder)))


def confirm(actor: User, token: str) -> Preview:
    """Apply the stored files when they still plan without errors; the files are then removed."""
    result = preview(actor, token)
    if result.plan.errors:
        return result
    summary = apply_import(result.plan)
    audit(
        "referentiel_import",
        actor.id,
        target="referentiel",
        details={"files": result.files, **summary},
    )
    return result


def discard(token: str) -> None:
    """Remove the stored files of an import."""
    with contextlib.suppress(UploadError):
        shutil.rmtree(_folder(token), ignore_errors=True)
