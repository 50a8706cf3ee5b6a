// The visite form's fields: each one's control, labels by visite type, the type-specific ones.
import { Field as BaseField } from '../Fields.jsx';
import { DECISIONS, RESPONSABILITES, visiteFieldLabel } from '../../families/visite.js';

/** The kind of control of each visite field (textarea when not listed). */
export const FIELD_KINDS = {
  type: 'select', prevue_le: 'datetime', realisee_le: 'datetime', candidat_nom: 'text', decision: 'select',
  cout_estime: 'number', responsabilite: 'select',
};

/** A visite field, labelled for the visite's `type` ("Travaux à commander" for a technique). */
export function Field({ type, ...props }) {
  return <BaseField {...props} label={props.label ?? visiteFieldLabel(props.name, type)} />;
}

/** Names of the type-specific fields a visite of `type` shows, given its values. */
export function typeFieldNames(type, values) {
  switch (type) {
    case 'candidat': return ['candidat_nom', 'decision', ...(values.decision === 'refuse' || values.motif_refus ? ['motif_refus'] : [])];
    case 'courtoisie': return ['equipements'];
    case 'conseil': return ['reparations', 'cout_estime'];
    case 'technique': return ['responsabilite', 'reparations'];
    case 'enquete_occupation': return ['occupants'];
    case 'logement_temoin': return ['defauts'];
    default: return [];
  }
}

const OPTIONS = { decision: DECISIONS, responsabilite: RESPONSABILITES };
const HINTS = {
  courtoisie: { equipements: 'Équipements en état de marche, contrats souscrits, premières demandes.' },
  conseil: { reparations: 'Réparations locatives à prévoir avant le départ.', cout_estime: 'Après application de la grille de vétusté.' },
  enquete_occupation: { occupants: 'Rappel : uniquement des faits constatés (personnes présentes, éléments visibles), sans interprétation.' },
  logement_temoin: { defauts: 'Défauts relevés et retours des visiteurs.' },
};

/** The fields specific to a visite type; `attrsOf(name)` gives each one's limits from the rules. */
export function TypeFields({ type, values, set, errors, attrsOf = () => ({}) }) {
  return typeFieldNames(type, values).map((name) => (
    <Field key={name} name={name} type={type} kind={FIELD_KINDS[name] || 'textarea'} value={values[name]}
      onChange={(v) => set(name, v)} errors={errors[name]} options={OPTIONS[name]} hint={HINTS[type]?.[name]}
      attrs={attrsOf(name)} />
  ));
}
