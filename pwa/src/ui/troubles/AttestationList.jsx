// The witness statements of a dossier on its page, each with where it stands.
import { recordHash } from '../../families/index.js';
import { formatDate } from '../../lib/format.js';
import { attestationSigning, attestationStatus, temoinName } from '../../troubles/attestation.js';
import { loadAttestationsOf } from '../../troubles/attestation-document.js';
import { useLive } from '../hooks.js';

export const BROUILLON = 'Brouillon sur cet appareil, pas encore figé';

const byDate = (a, b) => String(a.row.fait_le || '').localeCompare(String(b.row.fait_le || '')) || String(a.row.id).localeCompare(String(b.row.id));

/**
 * The attestations of dossier `dossierId`: the device's records with their signing state (a
 * refusal by the server in its words), and `drafts` (rows of drafts never frozen).
 */
export function Attestations({ dossierId, drafts }) {
  const docs = useLive(() => loadAttestationsOf(dossierId), [dossierId]);
  if (!docs) return null;
  const items = [
    ...docs.map((d) => ({ row: d.attestation, state: attestationStatus(attestationSigning(d.attestation, d.signatures, d.hash), d.refusals[0]), warn: d.refusals.length > 0 })),
    ...drafts.filter((r) => !docs.some((d) => d.attestation.id === r.id)).map((row) => ({ row, state: BROUILLON, warn: false })),
  ].sort(byDate);
  return (
    <section aria-labelledby="attestations" class="attestations">
      <h3 id="attestations">Attestations de témoin</h3>
      {items.length === 0 ? <p class="muted">Aucune attestation.</p> : (
        <ul class="cards">
          {items.map(({ row, state, warn }) => (
            <li key={row.id}>
              <a class="card" href={recordHash('attestation_temoin', row.id, dossierId)}>
                <strong>{temoinName(row) || 'Témoin à nommer'}</strong>
                <span>{row.fait_le ? `Faite le ${formatDate(row.fait_le)}` : 'Sans date'}</span>
                <span class={`state${warn ? ' warn' : ''}`}>{state}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
