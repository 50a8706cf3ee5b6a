"""Sync benchmarks: push and pull throughput, incremental pull latency, photo pipeline.

Run: .venv/bin/python bench/sync.py   (prints figures; SQLite, then a throwaway PostgreSQL)
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bench.common import fresh_app, throwaway_postgres  # noqa: E402

PUSH_TOTAL, BATCH = 10_000, 500
SNAPSHOT_VISITES = 50_000
LOG_ROWS = 1_000_000


def hlc(device_id: str, n: int) -> str:
    return f"{1_764_150_000_000 + n:015d}-00000-{device_id}"


def login(client) -> tuple[dict, str]:
    body = client.post(
        "/api/v1/auth/device", json={"login": "gestionnaire", "password": "palier-demo"}
    ).get_json()
    return {"Authorization": f"Bearer {body['token']}"}, body["device_id"]


def logements_in_scope(app) -> list[str]:
    from server.extensions import db
    from server.models import Logement, Residence, Secteur

    with app.app_context():
        query = (
            select(Logement.id)
            .join(Residence, Residence.id == Logement.residence_id)
            .join(Secteur)
            .where(Secteur.code == "S1")
        )
        return list(db.session.scalars(query))


def push_visites(client, headers, device_id, logements, total, start_seq=1):
    """Push `total` new visites in batches of 500; returns seconds spent."""
    rng = random.Random(1)
    seq = start_seq
    elapsed = 0.0
    for _ in range(total // BATCH):
        mutations = []
        for _ in range(BATCH):
            mutations.append(
                {
                    "seq": seq,
                    "id": str(uuid.uuid4()),
                    "entity": "visite",
                    "record": str(uuid.uuid4()),
                    "op": "upsert",
                    "base": None,
                    "hlc": hlc(device_id, seq),
                    "fields": {
                        "logement_id": rng.choice(logements),
                        "type": "technique",
                        "realisee_le": "2026-11-26T09:30:00+01:00",
                        "observations": "Joint de la baignoire à refaire, traces d'humidité.",
                    },
                }
            )
            seq += 1
        started = time.perf_counter()
        response = client.post(
            "/api/v1/sync/push", json={"schema": 1, "mutations": mutations}, headers=headers
        )
        elapsed += time.perf_counter() - started
        assert response.status_code == 200, response.get_json()
    return elapsed, seq


def pull_everything(client, headers, cursor=None, limit=5000):
    count = 0
    while True:
        query = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/sync/pull", query_string=query, headers=headers).get_json()
        count += len(body["changes"])
        cursor = body["cursor"]
        if not body["more"]:
            return count, cursor


def grow_change_log(app, rows: int) -> None:
    from server.extensions import db
    from server.models import ChangeLog

    chunk = 20_000
    with app.app_context():
        for start in range(0, rows, chunk):
            values = [
                {
                    "entity": "visite",
                    "record_id": str(uuid.uuid4()),
                    "version": 1,
                    "residence_id": None,
                    "deleted": False,
                }
                for _ in range(min(chunk, rows - start))
            ]
            db.session.execute(insert(ChangeLog), values)
            db.session.commit()


def bench_database(label: str, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = fresh_app(database_url, Path(tmp))
        client = app.test_client()
        headers, device_id = login(client)
        logements = logements_in_scope(app)
        seconds, seq = push_visites(client, headers, device_id, logements, PUSH_TOTAL)
        print(
            f"[{label}] push: {PUSH_TOTAL / seconds:,.0f} mutations/s "
            f"({PUSH_TOTAL} visites, batches of {BATCH}, {seconds:.2f} s)"
        )
        push_visites(client, headers, device_id, logements, SNAPSHOT_VISITES - PUSH_TOTAL, seq)
        reader, _ = login(client)
        started = time.perf_counter()
        count, cursor = pull_everything(client, reader)
        seconds = time.perf_counter() - started
        print(
            f"[{label}] snapshot pull: {count / seconds:,.0f} records/s "
            f"({count} records, {seconds:.2f} s)"
        )
        grow_change_log(app, LOG_ROWS - 60_000)
        count, cursor = pull_everything(client, reader, cursor)
        from server.engine.server_edits import apply_server_edit
        from server.extensions import db
        from server.models import User, Visite

        with app.app_context():
            user = db.session.scalars(select(User).where(User.login == "backoffice")).one()
            ids = db.session.scalars(select(Visite.id).limit(100)).all()
            for record_id in ids:
                apply_server_edit(
                    "visite", record_id, {"suites": "Relancer l'entreprise"}, user, None
                )
            db.session.commit()
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            count, _ = pull_everything(client, reader, cursor, limit=1000)
            timings.append((time.perf_counter() - started) * 1000)
            assert count == 100, count
        print(
            f"[{label}] incremental pull: {statistics.median(timings):.1f} ms for 100 changes "
            f"over a change log of {LOG_ROWS:,} rows (median of 5)"
        )


def bench_photo() -> None:
    from server.blobs import process_image

    rng = random.Random(3)
    image = Image.radial_gradient("L").resize((4000, 3000)).convert("RGB")
    noise = Image.effect_noise((4000, 3000), 40).convert("RGB")
    image = Image.blend(image, noise, 0.35)
    for _ in range(40):
        x, y = rng.randrange(3800), rng.randrange(2800)
        image.paste(
            (rng.randrange(255), rng.randrange(255), rng.randrange(255)), (x, y, x + 200, y + 200)
        )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    data = out.getvalue()
    process_image(data)
    timings = []
    for _ in range(10):
        started = time.perf_counter()
        process_image(data)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"[photo] server pipeline: {statistics.median(timings):.0f} ms per 12-megapixel JPEG "
        f"({len(data) / 1e6:.1f} MB, 4000×3000, median of 10)"
    )


if __name__ == "__main__":
    bench_photo()
    bench_database("sqlite", None)
    with throwaway_postgres() as url:
        bench_database("postgresql", url)
