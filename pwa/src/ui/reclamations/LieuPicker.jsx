// Where a réclamation is: the last places used (one tap), a logement found by search, or a
// bâtiment with cage, étage and partie commune. Phone first: big buttons, one hand.
import { useEffect, useRef, useState } from 'preact/hooks';
import { listBatiments } from '../../db/reclamations.js';
import { searchLogements } from '../../db/search.js';
import { etageLabel } from '../../lib/labels.js';
import { PARTIE_COMMUNE_LABELS } from '../../reclamations/labels.js';
import { lieuKey } from '../../reclamations/lieux.js';
import { PARTIES_COMMUNES } from '../../reclamations/statut.js';
import { useLive } from '../hooks.js';

/** Search a logement; onPick(entry) with the index entry ({logement, residence, batiment, tenants}). */
export function LogementSearch({ id, label = 'Rechercher un logement', onPick }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState(null);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    if (!q.trim()) return setHits(null);
    searchLogements(q, 8).then((r) => mine === seq.current && setHits(r));
    return undefined;
  }, [q]);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type="search" autocomplete="off" value={q} placeholder="N° de logement, adresse, locataire" onInput={(e) => setQ(e.currentTarget.value)} />
      {hits && hits.length === 0 && <p class="muted" aria-live="polite">Aucun logement trouvé.</p>}
      {hits?.length > 0 && (
        <ul class="hits" aria-label="Logements trouvés">
          {hits.map((h) => (
            <li key={h.logement.id}>
              <button type="button" class="secondary" onClick={() => onPick(h)}>
                Logement {h.logement.numero} — {[h.residence.nom, h.batiment.nom].filter(Boolean).join(', ')}
                {h.tenants.length > 0 && <span class="small muted"> · {h.tenants.join(', ')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const emptyLieu = { logement_id: null, batiment_id: null, cage: '', etage: null, partie_commune: null };

/**
 * The place of a réclamation. `value` holds its fields; onChange(lieu, label) gives the new place
 * and its words ("Logement 12 — Les Tilleuls"), `label` the words of the current one.
 */
export function LieuPicker({ value, label, recent = [], onChange }) {
  const [mode, setMode] = useState(value?.batiment_id ? 'commun' : 'logement');
  const batiments = useLive(() => listBatiments(), []);
  const chosen = !!(value?.logement_id || value?.batiment_id);
  const batimentOf = (id) => batiments?.find((x) => x.batiment.id === id) || null;
  const batimentName = (e) => (e ? e.batiment.nom || `Bâtiment ${e.batiment.code}` : 'Bâtiment');
  const setCommun = (changes) => {
    const next = { ...emptyLieu, batiment_id: value?.batiment_id ?? null, cage: value?.cage || '', etage: value?.etage ?? null, partie_commune: value?.partie_commune ?? null, ...changes };
    const e = batimentOf(next.batiment_id);
    const where = [batimentName(e), next.cage ? `cage ${next.cage}` : null, next.etage !== null ? etageLabel(next.etage) : null].filter(Boolean).join(', ');
    onChange(next, [where, PARTIE_COMMUNE_LABELS[next.partie_commune], e?.residence?.nom].filter(Boolean).join(' — '));
  };
  return (
    <fieldset>
      <legend>Où ?</legend>
      {recent.length > 0 && !value?.logement_id && (
        <>
          <p class="small muted" id="lieux-recents">Derniers lieux</p>
          <ul class="recent" aria-labelledby="lieux-recents">
            {recent.map((l) => (
              <li key={lieuKey(l)}>
                <button type="button" class={lieuKey(l) === lieuKey(value) ? 'primary' : 'secondary'} aria-pressed={lieuKey(l) === lieuKey(value) ? 'true' : 'false'}
                  onClick={() => { setMode(l.logement_id ? 'logement' : 'commun'); onChange({ ...emptyLieu, ...l, label: undefined }, l.label); }}>
                  {l.label}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="two" role="group" aria-label="Type de lieu">
        <button type="button" class={mode === 'logement' ? 'primary' : 'secondary'} aria-pressed={mode === 'logement' ? 'true' : 'false'}
          onClick={() => setMode('logement')}>Un logement</button>
        <button type="button" class={mode === 'commun' ? 'primary' : 'secondary'} aria-pressed={mode === 'commun' ? 'true' : 'false'}
          onClick={() => { setMode('commun'); if (value?.logement_id) onChange({ ...emptyLieu }, ''); }}>Parties communes</button>
      </div>
      {mode === 'logement' && (value?.logement_id ? (
        <p class="picked"><span>{label}</span><button type="button" class="secondary" onClick={() => onChange({ ...emptyLieu }, '')}>Changer</button></p>
      ) : (
        <LogementSearch id="r-logement" onPick={(h) => onChange({ ...emptyLieu, logement_id: h.logement.id }, `Logement ${h.logement.numero} — ${h.residence.nom || ''}`.trim())} />
      ))}
      {mode === 'commun' && batiments === undefined && <p class="muted">Chargement des bâtiments…</p>}
      {mode === 'commun' && batiments !== undefined && (
        <>
          <div class="field">
            <label for="r-batiment">Bâtiment *</label>
            <select id="r-batiment" value={value?.batiment_id || ''} onChange={(e) => setCommun({ batiment_id: e.currentTarget.value || null })}>
              <option value="">— choisir —</option>
              {(batiments || []).map((e) => <option key={e.batiment.id} value={e.batiment.id}>{[batimentName(e), e.residence?.nom].filter(Boolean).join(' — ')}</option>)}
            </select>
          </div>
          <div class="two">
            <div class="field">
              <label for="r-cage">Cage</label>
              <input id="r-cage" type="text" maxLength={20} value={value?.cage || ''} onInput={(e) => setCommun({ cage: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="r-etage">Étage</label>
              <input id="r-etage" type="number" inputMode="numeric" min={-5} max={60} value={value?.etage ?? ''}
                onInput={(e) => setCommun({ etage: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })} />
            </div>
          </div>
          <p class="small muted" id="r-partie-titre">Partie commune *</p>
          <div class="tiles" role="group" aria-labelledby="r-partie-titre">
            {PARTIES_COMMUNES.map((p) => (
              <button key={p} type="button" class={value?.partie_commune === p ? 'tile on' : 'tile'} aria-pressed={value?.partie_commune === p ? 'true' : 'false'}
                onClick={() => setCommun({ partie_commune: p })}>{PARTIE_COMMUNE_LABELS[p]}</button>
            ))}
          </div>
        </>
      )}
      {chosen && mode === 'commun' && <p class="small muted" aria-live="polite">Lieu : {label}</p>}
    </fieldset>
  );
}
