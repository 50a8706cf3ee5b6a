import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { loadPhoto } from '../../app.js';
import { getKeptDocument, keepDocument } from '../../db/documents.js';
import { pdfDataOf } from '../../edl/document.js';

export const PDF_IMPOSSIBLE = "Le PDF n'a pas pu être produit sur la tablette. Réessayez.";

/** Whether this browser can share this file (Web Share API level 2). */
function canShareFile(file) {
  try {
    return !!file && typeof navigator !== 'undefined' && !!navigator.canShare?.({ files: [file] });
  } catch {
    return false;
  }
}

/**
 * The tenant's copy, made on the tablet, offline: "Télécharger le PDF" (the kept copy, else one
 * rendered from the device's records) and "Partager" where the browser can. `keep`: just signed
 * here, the copy is rendered at once and kept on the device until the EDL has synced.
 * `doc`: the document with the signatures to print (and `sortie`, a sortie's context).
 */
export function EdlPdf({ doc, keep }) {
  const [pdf, setPdf] = useState(null); // {bytes, filename}
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const link = useRef(null);
  const openWhenReady = useRef(false);
  const making = useRef(false);
  const edlId = doc.edl.id;

  const url = useMemo(() => {
    if (!pdf) return null;
    try {
      return URL.createObjectURL(new Blob([pdf.bytes], { type: 'application/pdf' }));
    } catch {
      return null;
    }
  }, [pdf]);
  useEffect(() => () => url && URL.revokeObjectURL(url), [url]);
  useEffect(() => {
    if (url && openWhenReady.current) {
      openWhenReady.current = false;
      link.current?.click(); // the download asked for; the link stays to tap again
    }
  }, [url]);

  async function make({ keepIt = false } = {}) {
    if (making.current) return;
    making.current = true;
    setBusy(true);
    setError(null);
    try {
      const [{ renderEdlPdf }, { data, filename }] = await Promise.all([
        import('../../edl/pdf.js'), pdfDataOf(doc, { fetchBlob: loadPhoto }),
      ]);
      if (doc.sortie) {
        // A sortie prints its entry's date and the vétusté with the screen's figures.
        data.sortie = doc.sortie;
        data.context = { ...data.context, date_entree: doc.sortie.dateEntree };
      }
      const { bytes } = await renderEdlPdf(data);
      if (keepIt) await keepDocument(edlId, { bytes, contentHash: doc.hash, filename });
      setPdf({ bytes, filename });
    } catch (err) {
      console.error(err);
      setError(PDF_IMPOSSIBLE);
    } finally {
      making.current = false;
      setBusy(false);
    }
  }

  useEffect(() => {
    let alive = true;
    getKeptDocument(edlId).then((kept) => {
      if (!alive) return;
      if (kept && kept.content_hash === doc.hash) setPdf({ bytes: kept.bytes, filename: kept.filename });
      else if (keep) make({ keepIt: true });
    });
    return () => {
      alive = false;
    };
  }, [edlId, doc.hash, keep]);

  const file = useMemo(() => (pdf && typeof File === 'function' ? new File([pdf.bytes], pdf.filename, { type: 'application/pdf' }) : null), [pdf]);
  const share = () => navigator.share({ files: [file], title: pdf.filename }).catch(() => {}); // closed by the user: nothing to say

  return (
    <section class="edl-pdf" aria-labelledby="edl-pdf-t">
      <h3 id="edl-pdf-t">Exemplaire du locataire (PDF)</h3>
      {keep && <p class="hint">Produit sur la tablette, il y est gardé jusqu'à l'envoi de l'état des lieux au serveur.</p>}
      <div class="actions">
        {pdf && url ? (
          <a class="button primary" ref={link} href={url} download={pdf.filename}>Télécharger le PDF</a>
        ) : (
          <button type="button" class="primary" disabled={busy} onClick={() => {
            openWhenReady.current = true;
            make();
          }}>Télécharger le PDF</button>
        )}
        {pdf && canShareFile(file) && <button type="button" class="secondary" onClick={share}>Partager</button>}
      </div>
      {busy && <p role="status">Préparation du PDF…</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
