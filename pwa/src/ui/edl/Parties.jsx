import { useEffect, useRef, useState } from 'preact/hooks';
import { PARTY_ROLES, ROLE_LABELS } from '../../edl/labels.js';
import { Confirm } from '../Confirm.jsx';
import { AutoText } from './AutoText.jsx';
import { updateEdl } from './edlRecord.js';
import { partyName, removeAt, replaceAt, tooLong } from './model.js';

const PARTIES_MAX = 20; // the server's limit

/**
 * The parties of an EDL (locataires, bailleur, mandataire): role, nom and adresse of each, saved
 * as typed. A partie added here is written once it has a name (the server requires one); until
 * then it stays on screen with its error, and the other fields keep saving.
 */
export function Parties({ edl }) {
  const parties = edl.parties || [];
  const [draft, setDraft] = useState(null); // {role, nom, adresse, at?: the index it was written at}
  const [errors, setErrors] = useState({});
  const [removing, setRemoving] = useState(null);
  const focusNew = useRef(false);
  const arrived = draft?.at !== undefined && parties.length > draft.at;
  const rows = draft && !arrived ? [...parties, draft] : parties;
  const draftIndex = draft ? draft.at ?? parties.length : -1;

  useEffect(() => {
    if (!draft || !focusNew.current) return;
    focusNew.current = false;
    document.getElementById(`partie-${draftIndex}-nom`)?.focus();
  }, [draft]);
  useEffect(() => {
    if (arrived) setDraft(null); // the stored partie takes the draft's place (same row, same input)
  }, [arrived]);

  const setError = (i, error) => setErrors((e) => ({ ...e, [i]: error }));
  const patch = (i, values) => updateEdl(edl.id, (stored) => ({ parties: replaceAt(stored.parties, i, values) }));

  function saveNom(i, text) {
    const { value, error } = partyName(text, i === draftIndex ? '' : parties[i]?.nom);
    setError(i, error || null);
    if (error) return;
    if (i !== draftIndex || draft.at !== undefined) {
      if (i === draftIndex) setDraft({ ...draft, nom: value });
      patch(i, { nom: value });
      return;
    }
    const partie = { role: draft.role, nom: value, adresse: draft.adresse || null };
    setDraft({ ...draft, nom: value, at: parties.length });
    updateEdl(edl.id, (stored) => ({ parties: [...(stored.parties || []), partie] }));
  }
  function saveAdresse(i, text) {
    const error = tooLong(text, 500);
    setError(`${i}-adresse`, error);
    if (error) return;
    if (i === draftIndex) setDraft({ ...draft, adresse: text });
    if (i !== draftIndex || draft.at !== undefined) patch(i, { adresse: text.trim() ? text : null });
  }
  function saveRole(i, role) {
    if (i === draftIndex) setDraft({ ...draft, role });
    if (i !== draftIndex || draft.at !== undefined) patch(i, { role });
  }
  function add() {
    setErrors(({ [parties.length]: _, ...others }) => others); // a new partie shows its missing name
    setDraft({ role: 'locataire', nom: '', adresse: '' });
    focusNew.current = true;
  }
  async function remove(i) {
    setRemoving(null);
    setErrors({});
    if (i === draftIndex && draft.at === undefined) {
      setDraft(null);
      return;
    }
    await updateEdl(edl.id, (stored) => ({ parties: removeAt(stored.parties, i) }));
  }

  return (
    <div class="parties">
      <ol class="plain edl-list">
        {rows.map((p, i) => {
          const pending = i === draftIndex && draft.at === undefined;
          const who = p.nom?.trim() || 'nouvelle partie';
          return (
            <li key={i}>
              <fieldset class="edl-item">
                <legend>Partie {i + 1}</legend>
                <label for={`partie-${i}-role`}>Rôle</label>
                <select id={`partie-${i}-role`} value={p.role} onChange={(e) => saveRole(i, e.currentTarget.value)}>
                  {PARTY_ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
                </select>
                <AutoText id={`partie-${i}-nom`} label="Nom" value={p.nom} onSave={(v) => saveNom(i, v)} />
                {(errors[i] || (pending && errors[i] !== null)) && (
                  <p class="error" role="alert">{errors[i] || partyName('').error}</p>
                )}
                <AutoText id={`partie-${i}-adresse`} label="Adresse" value={p.adresse ?? ''} onSave={(v) => saveAdresse(i, v)} />
                {errors[`${i}-adresse`] && <p class="error" role="alert">{errors[`${i}-adresse`]}</p>}
                <div class="actions">
                  <button type="button" class="secondary" onClick={() => (pending ? remove(i) : setRemoving(i))}>
                    Retirer<span class="visually-hidden"> : {who}</span>
                  </button>
                </div>
                {removing === i && (
                  <Confirm title={`Retirer « ${who} » des parties ?`} danger="Retirer la partie" onCancel={() => setRemoving(null)} onConfirm={() => remove(i)}>
                    <p>{ROLE_LABELS[p.role] || p.role} : {who} ne figurera plus sur l'état des lieux.</p>
                  </Confirm>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div class="actions">
        <button type="button" class="secondary" onClick={add} disabled={!!draft || parties.length >= PARTIES_MAX}>Ajouter une partie</button>
      </div>
      {parties.length >= PARTIES_MAX && <p class="hint">{PARTIES_MAX} parties au plus.</p>}
    </div>
  );
}
