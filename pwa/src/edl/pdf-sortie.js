// The pages of the tablet's PDF that only a sortie has (issue 10): what it is compared with, the
// new address, and the vétusté line by line with the totals (pdf-view.js sortieView's figures,
// the screen's). `w`: pdf.js's Writer.

/** Under the logement: the entry it follows (or that there is none) and the new address. */
export function drawSortieHead(w, v) {
  if (v.sortie.sans_entree) w.paragraph("Sans état des lieux d'entrée signé : aucune comparaison avec l'entrée.");
  else if (v.date_entree) w.paragraph(`État des lieux d'entrée du ${v.date_entree}`);
  w.labelled('Nouvelle adresse du locataire', v.sortie.nouvelle_adresse || 'non communiquée');
}

/** The columns of a sortie's room table: the entry's condition beside the exit's. */
export const SORTIE_COLS = [
  { label: 'Élément', width: 0.24 }, { label: "État à l'entrée", width: 0.15 }, { label: 'État à la sortie', width: 0.15 },
  { label: 'Mentions', width: 0.14 }, { label: 'Observations', width: 0.32 },
];

/** A room table row of a sortie (pdf-view.js pieces' element). */
export const sortieRow = (e) => [
  [{ text: e.element }, ...(e.grille ? [{ text: e.grille, size: 7.5, grey: true }] : [])],
  e.entree, e.etat, e.marques.join(', '), e.observations,
];

/** "Dégradations et vétusté": each line (imputation, cost, calculation, shares) and the totals. */
export function drawVetuste(w, s) {
  w.heading('Dégradations et vétusté');
  if (!s.lignes.length) {
    w.paragraph('Aucune dégradation chiffrée.');
  } else {
    const cols = [
      { label: 'Élément', width: 0.2 }, { label: 'Entrée / sortie', width: 0.15 }, { label: 'Imputation', width: 0.12 },
      { label: 'Coût', width: 0.1 }, { label: 'Calcul de la vétusté', width: 0.23 }, { label: 'Locataire', width: 0.1 }, { label: 'Bailleur', width: 0.1 },
    ];
    const rows = s.lignes.map((l) => [l.element, l.etats, l.imputation, l.cout, l.calcul, l.locataire, l.bailleur]);
    const bold = (text) => [{ text, bold: true }];
    rows.push([bold('Total'), '', '', bold(s.totaux.cout), '', bold(s.totaux.locataire), bold(s.totaux.bailleur)]);
    w.table(cols, rows, { size: 8 });
  }
  w.y -= 4;
  w.labelled('Total à la charge du locataire', s.totaux.locataire);
  w.labelled('Total à la charge du bailleur', s.totaux.bailleur);
}
