import { useEffect, useState } from 'preact/hooks';
import { loadPhoto } from '../../app.js';
import { ROLE_LABELS, SENS_TITRES } from '../../edl/labels.js';
import { groupHash } from '../../edl/signing.js';
import { formatDateTime } from '../../lib/format.js';
import { Addenda } from './Addenda.jsx';
import { AddendumScreen } from './AddendumScreen.jsx';
import { EdlContent, HashView } from './EdlContent.jsx';
import { EdlPdf } from './EdlPdf.jsx';
import { Rejections, Signers } from './EdlSign.jsx';

/** A signature's drawing, from the device (or the server when it was signed on another tablet). */
function SignatureImage({ sha, alt }) {
  const [url, setUrl] = useState(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let alive = true;
    let made = null;
    loadPhoto(sha, false).then((blob) => {
      if (!alive) return;
      try {
        made = blob ? URL.createObjectURL(blob) : null;
      } catch {
        made = null; // bytes this browser cannot show
      }
      if (made) setUrl(made);
      else setMissing(true);
    }, () => alive && setMissing(true));
    return () => {
      alive = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [sha]);
  if (url) return <img src={url} alt={alt} />;
  return <div class="no-image" role="img" aria-label={`${alt} (non disponible)`}>{missing ? 'Image non disponible sur cet appareil' : ''}</div>;
}

/** Where the signed EDL stands between this device and the server, in words. */
function Status({ state, hash, edl }) {
  if (state.sameAsServer) return <p class="edl-status ok" role="status">Signé — reçu par le serveur, empreinte identique</p>;
  if (state.serverSigned) {
    return (
      <div class="callout error" role="alert">
        <p><strong>Signé sur le serveur, avec une autre empreinte</strong> ({groupHash(edl.content_hash)}) que celle du contenu sur cet
          appareil ({groupHash(hash)}) : une modification faite ici n'a pas été acceptée. Synchronisez la tablette, puis consultez « À traiter ».</p>
        <p><a href="#/a-traiter">Voir « À traiter »</a></p>
      </div>
    );
  }
  return <p class="edl-status pending" role="status">Signé sur cet appareil — en attente d'envoi</p>;
}

/**
 * A signed EDL, read-only: where it stands (sent or not, refused signatures), its hash, the
 * tenant's PDF, the signatures (role, name, date, drawing) and its whole content. Signers the
 * server does not need (a mandataire after the locataire and the bailleur) may still sign here.
 * An entrée lists its addenda (a complement, the heating's state) and opens one in place.
 */
export function EdlSigned({ doc, state }) {
  const { edl } = doc;
  const [error, setError] = useState(null);
  const [addendum, setAddendum] = useState(null);
  if (addendum) return <AddendumScreen id={addendum} edl={edl} onBack={() => setAddendum(null)} />;
  const title = SENS_TITRES[edl.sens] || 'État des lieux';
  const printed = { ...doc, signatures: state.current };
  const stillToSign = state.sameAsServer && state.missing.length > 0;
  return (
    <main id="contenu" class="edl edl-signed">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={`#/logement/${encodeURIComponent(edl.logement_id)}`}>Logement</a> › <span>{title}</span>
      </nav>
      <h2>{title} — signé</h2>
      <Status state={state} hash={doc.hash} edl={edl} />
      <Rejections signatures={doc.signatures} />
      <HashView hash={doc.hash} />
      <EdlPdf doc={printed} keep={state.complete && !state.serverSigned} />
      {stillToSign && (
        <section aria-labelledby="edl-encore">
          <h3 id="edl-encore">Signatures encore possibles</h3>
          <Signers state={{ ...state, signers: state.missing }} hash={doc.hash} edlId={edl.id} onError={setError} />
          {error && <p class="error" role="alert">{error}</p>}
        </section>
      )}
      {edl.sens === 'entree' && <Addenda edl={edl} onOpen={setAddendum} />}
      <section aria-labelledby="edl-signatures-t">
        <h3 id="edl-signatures-t">Signatures</h3>
        {state.current.length ? (
          <ul class="edl-signatures">
            {state.current.map((s) => (
              <li key={s.id}>
                <strong>{ROLE_LABELS[s.role] || s.role}</strong> : {s.nom}
                <br /><span class="muted">Signé le {formatDateTime(s.signed_at)}</span>
                <SignatureImage sha={s.image_sha256} alt={`Signature de ${s.nom}`} />
              </li>
            ))}
          </ul>
        ) : <p>Aucune signature sur cet appareil pour ce contenu.</p>}
      </section>
      <EdlContent doc={doc} />
    </main>
  );
}
