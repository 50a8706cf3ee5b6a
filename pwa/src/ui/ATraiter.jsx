import { attentionItems, dismissIssue } from '../db/queries.js';
import { formatDateTime, formatDecimalInput } from '../lib/format.js';
import { ENTITY_LABELS, fieldLabel, recordTitle } from '../lib/labels.js';
import { navigate, useLive } from './hooks.js';

const DATE_FIELDS = new Set(['prevue_le', 'realisee_le', 'taken_at']);

/** A field value as the user reads it. */
export function displayValue(field, value) {
  if (value === null || value === undefined || value === '') return '(vide)';
  if (DATE_FIELDS.has(field)) return formatDateTime(value);
  if (typeof value === 'number') return formatDecimalInput(value);
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(vide)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The line naming a card's record ("Visite technique — logement 12 — 15/06/2026"). */
function About({ about }) {
  return <p class="about">{recordTitle(about)}</p>;
}

function RejectedCard({ issue: i, about, open }) {
  const target = about?.visite;
  const what = i.op === 'delete' ? 'Suppression de la visite refusée' : `${ENTITY_LABELS[i.entity] || i.entity} refusée`;
  return (
    <li class="card issue">
      <strong>{what} le {formatDateTime(i.created_at)}</strong>
      <About about={about} />
      <p class="reason">{i.message}</p>
      {Object.keys(i.errors || {}).length > 0 && (
        <ul>{Object.entries(i.errors).map(([f, msgs]) => <li key={f}>{fieldLabel(f, about?.type)} : {[].concat(msgs).join(' ')}</li>)}</ul>
      )}
      <div class="actions">
        {target && i.op !== 'delete' && <button type="button" class="primary" onClick={() => open(target)}>Ouvrir et corriger</button>}
        <button type="button" class="secondary" onClick={() => dismissIssue(i.id)}>Masquer</button>
      </div>
    </li>
  );
}

function ConflictCard({ issue: i, about, open }) {
  const label = fieldLabel(i.field, about?.type);
  let body;
  if (i.source !== 'pull') {
    // Known from the push's answer only (a server that does not send `_conflicts`).
    body = (
      <>
        <strong>Conflit à examiner : {(ENTITY_LABELS[i.entity] || i.entity).toLowerCase()} modifiée ailleurs en même temps</strong>
        <About about={about} />
        <p>Champs : {Object.keys(i.fields || {}).map((f) => fieldLabel(f, about?.type)).join(', ')}. Les deux versions sont conservées ; le back office tranchera.</p>
      </>
    );
  } else if (i.lost) {
    body = (
      <>
        <strong>Votre saisie n'a pas été retenue</strong>
        <About about={about} />
        <dl class="values">
          <dt>Champ</dt><dd>{label}</dd>
          <dt>Valeur retenue</dt><dd>{displayValue(i.field, i.kept_value)}</dd>
          <dt>Votre saisie</dt><dd>{displayValue(i.field, i.other_value)}</dd>
        </dl>
        <p class="small">Votre saisie est conservée : le back office peut encore la rétablir.</p>
      </>
    );
  } else {
    body = (
      <>
        <strong>Conflit à examiner : {(ENTITY_LABELS[i.entity] || i.entity).toLowerCase()} modifiée ailleurs en même temps</strong>
        <About about={about} />
        <dl class="values">
          <dt>Champ</dt><dd>{label}</dd>
          <dt>Valeur retenue (votre saisie)</dt><dd>{displayValue(i.field, i.kept_value)}</dd>
          <dt>Autre valeur</dt><dd>{displayValue(i.field, i.other_value)}</dd>
        </dl>
        <p class="small">Les deux versions sont conservées ; le back office tranchera.</p>
      </>
    );
  }
  return (
    <li class="card issue">
      {body}
      <div class="actions">
        {about?.visite && <button type="button" class="secondary" onClick={() => open(about.visite)}>Voir la visite</button>}
        <button type="button" class="secondary" onClick={() => dismissIssue(i.id)}>Masquer</button>
      </div>
    </li>
  );
}

/** #/a-traiter: rejected mutations, conflicts, visites sent back "à corriger"; each card names its record. */
export function ATraiter() {
  const data = useLive(attentionItems, []);
  if (data === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  const rejected = data.issues.filter((i) => i.kind === 'rejected');
  const conflicts = data.issues.filter((i) => i.kind === 'conflict');
  const open = (recordId) => navigate(`#/visite/${recordId}`);
  const empty = !rejected.length && !conflicts.length && !data.aCorriger.length;
  return (
    <main id="contenu">
      <h2>À traiter</h2>
      {empty && <p>Rien à traiter.</p>}
      <section aria-labelledby="refusees">
        <h3 id="refusees">Modifications refusées ({rejected.length})</h3>
        {rejected.length === 0 && <p class="muted">Aucune.</p>}
        <ul class="cards">
          {rejected.map((i) => <RejectedCard key={i.id} issue={i} about={data.about.get(`issue:${i.id}`)} open={open} />)}
        </ul>
      </section>
      <section aria-labelledby="conflits">
        <h3 id="conflits">Conflits à examiner ({conflicts.length})</h3>
        {conflicts.length === 0 && <p class="muted">Aucun.</p>}
        <ul class="cards">
          {conflicts.map((i) => <ConflictCard key={i.id} issue={i} about={data.about.get(`issue:${i.id}`)} open={open} />)}
        </ul>
      </section>
      <section aria-labelledby="a-corriger">
        <h3 id="a-corriger">À corriger ({data.aCorriger.length})</h3>
        {data.aCorriger.length === 0 && <p class="muted">Aucune visite renvoyée par le back office.</p>}
        <ul class="cards">
          {data.aCorriger.map((v) => (
            <li key={v.id} class="card issue">
              <strong>À corriger : {recordTitle(data.about.get(`visite:${v.id}`))}</strong>
              <p class="reason">{v.review_comment || '(sans commentaire)'}</p>
              <button type="button" class="primary" onClick={() => open(v.id)}>Corriger la visite</button>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
