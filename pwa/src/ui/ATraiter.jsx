import { attentionItems, dismissIssue } from '../db/queries.js';
import { agree, entityDecl, fieldLabel, recordHash } from '../families/index.js';
import { formatDateTime, formatDecimalInput } from '../lib/format.js';
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
  return <p class="about">{about?.title}</p>;
}

const labelOf = (entity) => entityDecl(entity)?.labels.one || entity;
/** The label of a field of the issue's entity, read with the record the card is about. */
const labelFor = (entity, field, about) => fieldLabel(entity, field, about?.entity === entity ? about.row : {});
/** "Voir la visite", "Ouvrir et corriger": the button opening the card's record, if it has a screen. */
const canOpen = (about) => !!about && !!recordHash(about.entity, about.record);

function RejectedCard({ issue: i, about, open }) {
  const decl = entityDecl(i.entity);
  const what = i.op === 'delete'
    ? `Suppression de ${decl?.labels.the || i.entity} ${agree(decl, 'refusée', 'refusé')}`
    : `${labelOf(i.entity)} ${agree(decl, 'refusée', 'refusé')}`;
  return (
    <li class="card issue">
      <strong>{what} le {formatDateTime(i.created_at)}</strong>
      <About about={about} />
      <p class="reason">{i.message}</p>
      {Object.keys(i.errors || {}).length > 0 && (
        <ul>{Object.entries(i.errors).map(([f, msgs]) => <li key={f}>{labelFor(i.entity, f, about)} : {[].concat(msgs).join(' ')}</li>)}</ul>
      )}
      {i.final && i.op !== 'delete' && Object.keys(i.fields || {}).length > 0 && (
        <>
          <p class="small">Votre saisie, non retenue (elle reste ici pour mémoire) :</p>
          <dl class="values">
            {Object.entries(i.fields).map(([f, v]) => [<dt key={`t-${f}`}>{labelFor(i.entity, f, about)}</dt>, <dd key={`d-${f}`}>{displayValue(f, v)}</dd>])}
          </dl>
        </>
      )}
      <div class="actions">
        {canOpen(about) && i.op !== 'delete' && (
          <button type="button" class="primary" onClick={() => open(about)}>{i.final ? 'Voir' : 'Ouvrir et corriger'}</button>
        )}
        <button type="button" class="secondary" onClick={() => dismissIssue(i.id)}>Masquer</button>
      </div>
    </li>
  );
}

function ConflictCard({ issue: i, about, open }) {
  const decl = entityDecl(i.entity);
  const label = labelFor(i.entity, i.field, about);
  const changed = `${labelOf(i.entity).toLowerCase()} ${agree(decl, 'modifiée', 'modifié')} ailleurs en même temps`;
  let body;
  if (i.source !== 'pull') {
    // Known from the push's answer only (a server that does not send `_conflicts`).
    body = (
      <>
        <strong>Conflit à examiner : {changed}</strong>
        <About about={about} />
        <p>Champs : {Object.keys(i.fields || {}).map((f) => labelFor(i.entity, f, about)).join(', ')}. Les deux versions sont conservées ; le back office tranchera.</p>
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
        <strong>Conflit à examiner : {changed}</strong>
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
        {canOpen(about) && <button type="button" class="secondary" onClick={() => open(about)}>Voir {entityDecl(about.entity).labels.the}</button>}
        <button type="button" class="secondary" onClick={() => dismissIssue(i.id)}>Masquer</button>
      </div>
    </li>
  );
}

/**
 * #/a-traiter: one queue for every family — rejected mutations, conflicts, records sent back "à
 * corriger"; each card names its record after its family's declaration.
 */
export function ATraiter() {
  const data = useLive(attentionItems, []);
  if (data === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  const rejected = data.issues.filter((i) => i.kind === 'rejected');
  const conflicts = data.issues.filter((i) => i.kind === 'conflict');
  const open = (about) => navigate(recordHash(about.entity, about.record));
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
        {data.aCorriger.length === 0 && <p class="muted">Aucune fiche renvoyée par le back office.</p>}
        <ul class="cards">
          {data.aCorriger.map(({ entity, row }) => {
            const about = data.about.get(`${entity}:${row.id}`);
            return (
              <li key={`${entity}:${row.id}`} class="card issue">
                <strong>À corriger : {about?.title}</strong>
                <p class="reason">{row.review_comment || '(sans commentaire)'}</p>
                {canOpen(about) && <button type="button" class="primary" onClick={() => open(about)}>Corriger {entityDecl(entity).labels.the}</button>}
              </li>
            );
          })}
        </ul>
      </section>
    </main>
  );
}
