"""The JavaScript the field-app benchmark runs in the page, and its back-office editor script."""

STATUS = "[role=status][aria-label='État de la synchronisation']"

# (a) usable: first sync done, nothing pending, idle, résidences listed, service worker active.
USABLE_JS = f"""() => {{
  const s = document.querySelector("{STATUS}");
  if (!s || s.dataset.syncState !== 'idle') return false;
  const last = s.querySelector('[data-testid=derniere-synchro]');
  const pending = s.querySelector('[data-testid=en-attente]');
  if (!last || last.textContent.includes('jamais')) return false;
  if (!pending || pending.textContent !== 'Rien en attente') return false;
  if (!document.querySelector('#contenu a.card')) return false;
  if (!navigator.serviceWorker.controller) return false;
  return performance.now();
}}"""

IDB_TOTALS_JS = """async () => new Promise((resolve, reject) => {
  const req = indexedDB.open('palier');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const records = ['residence', 'batiment', 'logement', 'locataire', 'bail', 'grille_vetuste'];
    const tx = db.transaction([...records, 'records'], 'readonly');
    const out = {visite: 0};
    for (const s of records) {
      const r = tx.objectStore(s).count();
      r.onsuccess = () => { out[s] = r.result; };
    }
    // Field records of every family (and photos), filed under "<entity>:<id>" in buckets and
    // patches: each record once, per entity.
    const refs = new Set();
    const c = tx.objectStore('records').openCursor();
    c.onsuccess = () => {
      const cur = c.result;
      if (cur) { for (const ref of cur.value.ids) refs.add(ref); cur.continue(); }
    };
    tx.oncomplete = () => {
      db.close();
      for (const ref of refs) {
        const entity = ref.slice(0, ref.indexOf(':'));
        out[entity] = (out[entity] || 0) + 1;
      }
      resolve(out);
    };
    tx.onerror = () => { db.close(); reject(tx.error); };
  };
})"""

IDB_SUITES_JS = """async (ids) => new Promise((resolve, reject) => {
  const req = indexedDB.open('palier');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const index = db.transaction('records').objectStore('records').index('ids');
    const out = {};
    let left = ids.length;
    for (const id of ids) {
      const r = index.get('visite:' + id);
      r.onsuccess = () => {
        out[id] = r.result ? r.result.rows['visite:' + id].suites : null;
        if (--left === 0) { db.close(); resolve(out); }
      };
      r.onerror = () => { db.close(); reject(r.error); };
    }
  };
})"""

# (b) watch the status bar: the first return to "idle" after "syncing" is when the pulled changes
# are committed to IndexedDB (the engine stores lastSyncAt after the pull's transactions).
WATCH_JS = f"""() => {{
  const s = document.querySelector("{STATUS}");
  const bench = window.__bench = {{ triggered: null, synced: null, sawSyncing: false }};
  const obs = new MutationObserver(() => {{
    if (bench.triggered === null) return;
    if (s.dataset.syncState === 'syncing') bench.sawSyncing = true;
    else if (bench.sawSyncing && s.dataset.syncState === 'idle' && bench.synced === null) {{
      bench.synced = Date.now();
      obs.disconnect();
    }}
  }});
  obs.observe(s, {{ attributes: true, attributeFilter: ['data-sync-state'] }});
}}"""

PRESS_SYNC_JS = f"""() => {{
  window.__bench.triggered = Date.now();
  const s = document.querySelector("{STATUS}");
  [...s.querySelectorAll('button')].find((b) => b.textContent === 'Synchroniser').click();
}}"""

# Durations of the pull requests made since `since` (Date.now() ms), from Resource Timing.
PULL_TIMINGS_JS = """(since) => performance.getEntriesByType('resource')
  .filter((e) => e.name.includes('/api/v1/sync/') &&
                 performance.timeOrigin + e.startTime >= since - 1)
  .map((e) => e.responseEnd - e.startTime)"""

# (c) at document start: note when the first list of the Logements screen is on screen.
PAINT_MARK_JS = """(() => {
  if (location.pathname !== '/') return;
  const mark = () => {
    if (window.__listPainted !== undefined) return false;
    if (!document.querySelector('#contenu a.card')) return false;
    window.__listPainted = null;
    // The frame that shows it: after its animation frame callbacks, once painted.
    requestAnimationFrame(() => setTimeout(() => { window.__listPainted = performance.now(); }, 0));
    return true;
  };
  const obs = new MutationObserver(() => { if (mark()) obs.disconnect(); });
  obs.observe(document, { childList: true, subtree: true });
})();"""

# A separate process commits 100 back-office edits through the sync engine when told to.
EDITOR = r"""
import sys, time
from sqlalchemy import select
from server import create_app
from server.extensions import db
from server.models import User, Visite
from server.engine.server_edits import apply_server_edit

ids = sys.argv[1].split(",")
app = create_app()
with app.app_context():
    user = db.session.scalars(select(User).where(User.login == "backoffice")).one()
    query = select(Visite.id, Visite.version).where(Visite.id.in_(ids))
    versions = dict(db.session.execute(query).all())
    db.session.rollback()
    print("ready", flush=True)
    for line in sys.stdin:  # one line per round: the text to write into "suites"
        text = line.rstrip("\n")
        for n, record_id in enumerate(ids):
            outcome = apply_server_edit(
                "visite", record_id, {"suites": f"{text} {n}"}, user, versions[record_id]
            )
            assert outcome.status == "applied", outcome
            versions[record_id] = outcome.version
        db.session.commit()
        print(f"committed {time.time():.6f}", flush=True)
"""
