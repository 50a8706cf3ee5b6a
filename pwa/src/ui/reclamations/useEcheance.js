// The deadline computation (reclamations/echeance.js and date-holidays, the biggest part of these
// screens) in a chunk of its own, loaded once the screen is shown: the screens paint first.
import { useEffect, useState } from 'preact/hooks';

let loaded = null;
const load = () => import('../../reclamations/echeance.js');

/** `echeance(urgence, signaleeLeIso)` once its chunk is loaded, null before. */
export function useEcheance() {
  const [mod, setMod] = useState(loaded);
  useEffect(() => {
    if (mod) return;
    load().then((m) => {
      loaded = m;
      setMod(m);
    }, (err) => console.error(err));
  }, []);
  return mod ? mod.echeance : null;
}
