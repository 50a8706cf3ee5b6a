import { attentionItems, dismissIssue } from '../db/queries.js';
import { formatDateTime } from '../lib/format.js';
import { ENTITY_LABELS, fieldLabel, TYPE_LABELS } from '../lib/labels.js';
import { navigate, useLive } from './hooks.js';

/** #/a-traiter: rejected mutations, conflicts, visites sent back "à corriger". */
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
          {rejected.map((i) => {
            const target = i.entity === 'photo' ? data.photoOwners.get(i.record) : i.record;
            return (
              <li key={i.id} class="card issue">
                <strong>{ENTITY_LABELS[i.entity] || i.entity} refusée le {formatDateTime(i.created_at)}</strong>
                <p class="reason">{i.message}</p>
                {Object.keys(i.errors || {}).length > 0 && (
                  <ul>{Object.entries(i.errors).map(([f, msgs]) => <li key={f}>{fieldLabel(f, i.fields?.type)} : {[].concat(msgs).join(' ')}</li>)}</ul>
                )}
                {target && <button type="button" class="primary" onClick={() => open(target)}>Ouvrir et corriger</button>}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="conflits">
        <h3 id="conflits">Conflits à examiner ({conflicts.length})</h3>
        {conflicts.length === 0 && <p class="muted">Aucun.</p>}
        <ul class="cards">
          {conflicts.map((i) => (
            <li key={i.id} class="card issue">
              <strong>Conflit à examiner : {(ENTITY_LABELS[i.entity] || i.entity).toLowerCase()} modifiée ailleurs en même temps</strong>
              <p>Champs : {Object.keys(i.fields || {}).map((f) => fieldLabel(f, i.fields?.type)).join(', ')}. Les deux versions sont conservées ; le back office tranchera.</p>
              <div class="actions">
                <button type="button" class="secondary" onClick={() => open(i.record)}>Voir la visite</button>
                <button type="button" class="secondary" onClick={() => dismissIssue(i.id)}>Masquer</button>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="a-corriger">
        <h3 id="a-corriger">À corriger ({data.aCorriger.length})</h3>
        {data.aCorriger.length === 0 && <p class="muted">Aucune visite renvoyée par le back office.</p>}
        <ul class="cards">
          {data.aCorriger.map((v) => (
            <li key={v.id} class="card issue">
              <strong>{TYPE_LABELS[v.type] || 'Visite'}{data.numeros.get(v.id) ? ` — logement ${data.numeros.get(v.id)}` : ''}</strong>
              <p class="reason">{v.review_comment || '(sans commentaire)'}</p>
              <button type="button" class="primary" onClick={() => open(v.id)}>Corriger la visite</button>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
