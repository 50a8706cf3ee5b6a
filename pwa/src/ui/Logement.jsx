import { REVIEW_STATES } from '../config.js';
import { getLogement, visitesOfLogement } from '../db/queries.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import { etageLabel, NATURES, TYPE_LABELS } from '../lib/labels.js';
import { uuidv7 } from '../lib/uuid.js';
import { navigate, useLive } from './hooks.js';

function visiteState(v) {
  if (v.draftOnly) return 'Brouillon';
  const parts = [];
  if (v.hasDraft) parts.push('brouillon en cours');
  if (v.unsynced) parts.push("en attente d'envoi");
  if (v.review_state) parts.push(REVIEW_STATES[v.review_state] || v.review_state);
  const text = parts.join(' · ') || 'Synchronisée';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** #/logement/<id>: details, current bail and locataires, visites, "Nouvelle visite". */
export function Logement({ id, flash }) {
  const data = useLive(() => getLogement(id), [id]);
  const visites = useLive(() => visitesOfLogement(id), [id]);
  if (data === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!data) return <main id="contenu"><p>Logement introuvable sur l'appareil.</p><a href="#/logements">Retour aux logements</a></main>;
  const { logement: l, batiment: b, residence: r, bail, locataires } = data;
  const newVisite = () => navigate(`#/visite/${uuidv7()}?logement=${l.id}`);
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
        <button type="button" class="primary" onClick={newVisite}>Nouvelle visite</button>
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
      <section aria-labelledby="visites-titre">
        <h3 id="visites-titre">Visites</h3>
        {visites?.length === 0 && <p class="muted">Aucune visite.</p>}
        <ul class="cards">
          {visites?.map((v) => (
            <li key={v.id}>
              <a class="card" href={`#/visite/${v.id}?logement=${l.id}`}>
                <strong>{TYPE_LABELS[v.type] || 'Visite (type à préciser)'}</strong>
                <span>{v.realisee_le ? `Réalisée le ${formatDateTime(v.realisee_le)}` : v.prevue_le ? `Prévue le ${formatDateTime(v.prevue_le)}` : 'Sans date'}</span>
                <span class={`state ${v.review_state === 'a_corriger' ? 'warn' : ''}`}>{visiteState(v)}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
