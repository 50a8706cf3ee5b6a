import { formatEuros } from '../../edl/sortie.js';
import { formatDate } from '../../lib/format.js';
import './sortie.css';

/** The vétusté of the whole sortie: the entry it is compared with, each line, the totals. */
export function SortieSummary({ ctx, v, titleId = 'sortie-vetuste' }) {
  return (
    <section aria-labelledby={titleId} class="sortie-summary">
      <h3 id={titleId}>Dégradations et vétusté</h3>
      <p>{ctx.entree ? `Comparé à l'état des lieux d'entrée du ${formatDate(ctx.dateEntree)}.`
        : "Sans état des lieux d'entrée signé : aucune comparaison avec l'entrée."}</p>
      {v.lines.length ? (
        <ul class="plain ro-list">
          {v.lines.map((l) => (
            <li key={l.id}>
              <strong>{l.piece} — {l.element}</strong> : {l.entree} → {l.sortie}, coût {formatEuros(l.cout)} ; locataire {formatEuros(l.partLocataire)},
              bailleur {formatEuros(l.partBailleur)} <span class="muted">({l.text})</span>
            </li>
          ))}
        </ul>
      ) : <p class="muted">Aucune dégradation chiffrée.</p>}
      <p class="sortie-total" aria-live="polite">
        Total : à la charge du locataire <strong>{formatEuros(v.total.partLocataire)}</strong>, du bailleur <strong>{formatEuros(v.total.partBailleur)}</strong>
      </p>
    </section>
  );
}
