// French labels of the référentiel (a family's labels are in its declaration, src/families/).

/** "1er étage", "2e étage", "Rez-de-chaussée". */
export function etageLabel(etage) {
  if (etage === null || etage === undefined || etage === '') return '';
  const n = Number(etage);
  if (n === 0) return 'Rez-de-chaussée';
  if (n < 0) return `Sous-sol ${-n}`;
  return n === 1 ? '1er étage' : `${n}e étage`;
}

/** French names of a logement's nature. */
export const NATURES = { logement: 'Logement', commerce: 'Commerce', parking: 'Parking', cave: 'Cave' };
