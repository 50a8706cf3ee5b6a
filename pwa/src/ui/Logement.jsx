import { REVIEW_STATES } from '../config.js';
import { getSession } from '../db/meta.js';
import { getLogement, recordsUnder } from '../db/queries.js';
import { reclamationsOfLogement } from '../db/reclamations.js';
import { entityRules, getRules } from '../db/rules.js';
import { listedUnder, recordHash } from '../families/index.js';
import { formatDate } from '../lib/format.js';
import { categorieLabel, statutLabel } from '../reclamations/labels.js';
import { etageLabel, NATURES } from '../lib/labels.js';
import { uuidv7 } from '../lib/uuid.js';
import { navigate, useLive } from './hooks.js';

/** Where a record stands: "Brouillon", "En attente d'envoi · Reçue", "Synchronisée"… */
function recordState(v) {
  if (v.draftOnly) return 'Brouillon';
  const parts = [];
  if (v.hasDraft) parts.push('brouillon en cours');
  if (v.unsynced) parts.push("en attente d'envoi");
  if (v.review_state) parts.push(REVIEW_STATES[v.review_state] || v.review_state);
  const text = parts.join(' · ') || 'Synchronisée';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const GESTION_ROLES = ['gestionnaire', 'back_office', 'admin'];

/** Whether this user may open a dossier de troubles: the server's rules say so (else the session's role). */
async function mayOpenDossier() {
  const rules = await getRules();
  if (rules) return !!entityRules(rules, 'dossier_trouble');
  return GESTION_ROLES.includes((await getSession())?.user?.role);
}

/** One family's records of the logement: a card per record, opening its screen when it has one. */
function RecordList({ decl, rows, logementId }) {
  const heading = `${decl.entity}-titre`;
  return (
    <section aria-labelledby={heading}>
      <h3 id={heading}>{decl.labels.many}</h3>
      {rows?.length === 0 && <p class="muted">Aucun{decl.labels.feminine ? 'e' : ''} {decl.labels.one.toLowerCase()}.</p>}
      <ul class="cards">
        {rows?.map((v) => {
          const { title, detail } = decl.card(v);
          const body = (
            <>
              <strong>{title}</strong>
              {detail && <span>{detail}</span>}
              <span class={`state ${v.review_state === 'a_corriger' ? 'warn' : ''}`}>{recordState(v)}</span>
            </>
          );
          const href = recordHash(decl.entity, v.id, logementId);
          return <li key={v.id}>{href ? <a class="card" href={href}>{body}</a> : <div class="card">{body}</div>}</li>;
        })}
      </ul>
    </section>
  );
}

/**
 * The réclamations of the logement (their parent on the device is the résidence: found by tag) and
 * "Nouvelle réclamation", high on the page: a gardien reports from here with one hand.
 */
function Reclamations({ logementId }) {
  const rows = useLive(() => reclamationsOfLogement(logementId), [logementId]);
  return (
    <section aria-labelledby="reclamations-titre">
      <div class="section-head">
        <h3 id="reclamations-titre">Réclamations</h3>
        <button type="button" class="primary" onClick={() => navigate(`${recordHash('reclamation', uuidv7())}?logement=${encodeURIComponent(logementId)}`)}>Nouvelle réclamation</button>
      </div>
      {rows?.length === 0 && <p class="muted">Aucune réclamation.</p>}
      <ul class="cards">
        {rows?.map((r) => (
          <li key={r.id}>
            <a class="card" href={recordHash('reclamation', r.id)}>
              <strong>{r.urgence} {categorieLabel(r.categorie)}</strong>
              <span>{statutLabel(r.statut)} · signalée le {formatDate(r.signalee_le)}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * #/logement/<id>: details, current bail and locataires, then the records of every family listed
 * under a logement (visites…), each with its "Nouvelle …" button when it has a screen, and
 * "Nouvel état des lieux de sortie" once the logement has an EDL.
 */
export function Logement({ id, flash }) {
  const data = useLive(() => getLogement(id), [id]);
  const lists = listedUnder('logement');
  const records = useLive(() => Promise.all(lists.map((d) => recordsUnder(d.entity, id))), [id, lists.map((d) => d.entity).join()]);
  const canOpenDossier = useLive(() => mayOpenDossier(), []);
  if (data === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!data) return <main id="contenu"><p>Logement introuvable sur l'appareil.</p><a href="#/logements">Retour aux logements</a></main>;
  const { logement: l, batiment: b, residence: r, bail, locataires } = data;
  const creatable = lists.filter((d) => d.route && d.labels.new);
  // An EDL de sortie follows an EDL of the logement (its start screen finds the signed entrée).
  const edls = records?.[lists.findIndex((d) => d.entity === 'etat_des_lieux')];
  return (
    <main id="contenu">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href="#/logements">Logements</a>
        {r && <> › <a href={`#/residence/${r.id}`}>{r.nom}</a></>}
        {b && <> › <a href={`#/batiment/${b.id}`}>{b.nom || b.code}</a></>}
        {' › '}<span>Logement {l.numero}</span>
      </nav>
      {flash && <p class="flash" role="alert">{flash}</p>}
      <div class="title-row">
        <h2>Logement {l.numero}</h2>
        {creatable.map((d) => (
          <button key={d.entity} type="button" class="primary" onClick={() => navigate(recordHash(d.entity, uuidv7(), l.id))}>{d.labels.new}</button>
        ))}
        {edls?.length > 0 && (
          <button type="button" class="primary" onClick={() => navigate(`${recordHash('etat_des_lieux', uuidv7(), l.id)}&sens=sortie`)}>
            Nouvel état des lieux de sortie
          </button>
        )}
        {canOpenDossier && (
          <button type="button" class="primary" onClick={() => navigate(recordHash('dossier_trouble', uuidv7(), l.id))}>Ouvrir un dossier de troubles</button>
        )}
        <button type="button" class="primary" onClick={() => navigate(recordHash('fait', uuidv7(), l.id))}>Signaler un fait</button>
      </div>
      <dl class="details">
        <dt>Résidence</dt><dd>{r ? `${r.nom} (${r.code})` : '—'}</dd>
        <dt>Bâtiment</dt><dd>{b ? b.nom || b.code : '—'}</dd>
        <dt>Adresse</dt><dd>{b?.adresse || [r?.adresse, [r?.code_postal, r?.ville].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '—'}</dd>
        <dt>Étage</dt><dd>{etageLabel(l.etage) || '—'}</dd>
        <dt>Typologie</dt><dd>{l.typologie || '—'}</dd>
        <dt>Surface</dt><dd>{l.surface ? `${String(l.surface).replace('.', ',')} m²` : '—'}</dd>
        <dt>Nature</dt><dd>{NATURES[l.nature] || l.nature || '—'}</dd>
      </dl>
      <Reclamations logementId={l.id} />
      <section aria-labelledby="bail-titre">
        <h3 id="bail-titre">Bail en cours</h3>
        {bail ? (
          <>
            <p>
              Bail {bail.type || ''} depuis le {formatDate(bail.debut)}{bail.fin ? ` jusqu'au ${formatDate(bail.fin)}` : ''}
              {bail.loyer !== null && bail.loyer !== undefined ? ` · loyer ${String(bail.loyer).replace('.', ',')} €` : ''}
            </p>
            <ul class="plain">
              {locataires.map((t) => (
                <li key={t.id}>
                  <strong>{[t.prenom, t.nom].filter(Boolean).join(' ')}</strong>
                  {t.telephone && <> · <a href={`tel:${t.telephone}`}>{t.telephone}</a></>}
                  {t.email && <> · {t.email}</>}
                </li>
              ))}
            </ul>
          </>
        ) : <p class="muted">Aucun bail en cours.</p>}
      </section>
      {lists.map((d, i) => <RecordList key={d.entity} decl={d} rows={records?.[i]} logementId={l.id} />)}
    </main>
  );
}
