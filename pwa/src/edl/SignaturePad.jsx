// A party signs the état des lieux on the screen, with their name (issue 9). signature_pad is
// imported when the pad is first shown, so that it ships in a chunk of its own. It follows pointer
// events: mouse, finger and pen (with pressure) alike.
import { useEffect, useRef, useState } from 'preact/hooks';

export const NOM_MANQUANT = 'Indiquez le nom du signataire.';
export const SIGNATURE_MANQUANTE = 'Signez dans le cadre.';
export const CADRE_INDISPONIBLE = "Le cadre de signature n'a pas pu s'ouvrir sur cet appareil.";

const PAD_STYLE = {
  display: 'block', width: '100%', height: '12rem', background: '#fff', border: '2px solid #6b7280',
  borderRadius: '6px', touchAction: 'none', cursor: 'crosshair',
};

/** The bytes of a base64 data: URL (what canvas.toDataURL returns). */
export function dataUrlBytes(url) {
  const b64 = String(url).slice(String(url).indexOf(',') + 1);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Size the canvas to its displayed size × the pixel ratio (sharp strokes), keeping what is
 * already drawn (a tablet turned mid-signature). Nothing to do while it is not laid out.
 */
function fitCanvas(canvas, pad) {
  const ratio = Math.max(window.devicePixelRatio || 1, 1);
  const w = Math.round(canvas.offsetWidth * ratio);
  const h = Math.round(canvas.offsetHeight * ratio);
  if (!w || !h || (canvas.width === w && canvas.height === h)) return;
  const strokes = pad.toData();
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d').scale(ratio, ratio);
  pad.clear();
  pad.fromData(strokes);
}

/**
 * One signature: the signer's name, the pad, "Effacer" and "Valider la signature".
 * `onSigned({nom, png})` gets the trimmed name and the PNG bytes (Uint8Array).
 */
export function SignaturePad({ id = 'signature', titre = 'Signature', nom: nomInitial = '', onSigned }) {
  const canvasRef = useRef(null);
  const padRef = useRef(null);
  const [nom, setNom] = useState(nomInitial);
  const [errors, setErrors] = useState({});
  const [broken, setBroken] = useState(false);

  useEffect(() => {
    let alive = true;
    const onResize = () => padRef.current && fitCanvas(canvasRef.current, padRef.current);
    import('signature_pad')
      .then(({ default: Pad }) => {
        if (!alive) return;
        const pad = new Pad(canvasRef.current, { penColor: '#0b1f4d', minWidth: 0.8, maxWidth: 2.6 });
        pad.addEventListener('beginStroke', () => setErrors((e) => ({ ...e, pad: null })));
        padRef.current = pad;
        fitCanvas(canvasRef.current, pad);
        window.addEventListener('resize', onResize);
      })
      .catch(() => alive && setBroken(true)); // no chunk, or a canvas that cannot draw
    return () => {
      alive = false;
      window.removeEventListener('resize', onResize);
      padRef.current?.off();
      padRef.current = null;
    };
  }, []);

  const clear = () => {
    padRef.current?.clear();
    setErrors((e) => ({ ...e, pad: null }));
  };

  const validate = () => {
    const pad = padRef.current;
    const clean = nom.trim();
    const next = { nom: clean ? null : NOM_MANQUANT, pad: pad && !pad.isEmpty() ? null : SIGNATURE_MANQUANTE };
    setErrors(next);
    if (next.nom || next.pad) return;
    onSigned?.({ nom: clean, png: dataUrlBytes(pad.toDataURL('image/png')) });
  };

  const nomId = `${id}-nom`;
  const padHint = `${id}-aide`;
  return (
    <fieldset class="signature-pad" id={id}>
      <legend>{titre}</legend>
      <label for={nomId}>Nom du signataire</label>
      <input id={nomId} type="text" autocomplete="name" value={nom} onInput={(e) => {
        setNom(e.currentTarget.value);
        setErrors((x) => ({ ...x, nom: null }));
      }}
        aria-invalid={errors.nom ? 'true' : undefined} aria-describedby={errors.nom ? `${nomId}-err` : undefined} />
      {errors.nom && <p id={`${nomId}-err`} class="field-error" role="alert">{errors.nom}</p>}
      <p id={padHint} class="muted">Signez dans le cadre avec le doigt, un stylet ou la souris.</p>
      <canvas ref={canvasRef} role="img" aria-label="Cadre de signature" style={PAD_STYLE}
        aria-describedby={[padHint, errors.pad ? `${id}-pad-err` : null].filter(Boolean).join(' ')}
        aria-invalid={errors.pad ? 'true' : undefined} />
      {broken && <p class="field-error" role="alert">{CADRE_INDISPONIBLE}</p>}
      {errors.pad && <p id={`${id}-pad-err`} class="field-error" role="alert">{errors.pad}</p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={clear}>Effacer</button>
        <button type="button" class="primary" onClick={validate}>Valider la signature</button>
      </div>
    </fieldset>
  );
}
