// The rules a gardien gets from GET /api/v1/rules (contract A of issue 8), as the tests' input.
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const text = (max) => ({ type: 'string', maxLength: max, nullable: false, messages: { maxLength: `Texte trop long (${max} caractères au plus).`, type: 'Texte attendu.', nullable: 'Ce champ ne peut pas être vide.' } });
const date = (ahead) => ({
  type: 'string', format: 'date-time', nullable: true, minDate: '2000-01-01', maxDaysAhead: ahead,
  messages: {
    format: 'Date et heure invalides (format ISO 8601 attendu).',
    minDate: 'Date hors des limites (le 01/01/2000 au plus tôt).',
    maxDaysAhead: `Date hors des limites (${ahead} jour(s) après aujourd'hui au plus tard).`,
  },
});

export const GARDIEN_RULES = {
  schema: 1, role: 'gardien', permissions: ['sync.pull', 'visite.write', 'photo.write', 'blob.read'],
  entities: {
    visite: {
      writable: true,
      required_on_create: ['logement_id', 'type'],
      fields: {
        logement_id: { type: 'string', pattern: UUID, nullable: false, messages: { pattern: 'Identifiant invalide.' } },
        type: { type: 'string', enum: ['courtoisie'], nullable: false, messages: { enum: 'Valeur non autorisée (valeurs possibles : courtoisie).' } },
        prevue_le: date(730),
        realisee_le: date(1),
        participants: text(2000),
        observations: text(20000),
        suites: text(20000),
        photo_ids: { type: 'array', maxItems: 200, items: { type: 'string', pattern: UUID }, nullable: false, messages: { maxItems: 'Trop de photos (200 au plus).', items: 'Identifiant invalide.' } },
        candidat_nom: text(200),
        decision: { type: 'string', enum: ['accepte', 'refuse'], nullable: true, messages: { enum: 'Valeur non autorisée (valeurs possibles : accepte, refuse).' } },
        motif_refus: text(2000),
        equipements: text(20000),
        reparations: text(20000),
        cout_estime: { type: 'number', minimum: 0, maximum: 10000000, nullable: true, messages: { type: 'Nombre attendu.', minimum: 'Valeur trop petite (0 au moins).', maximum: 'Valeur trop grande (10000000 au plus).' } },
        responsabilite: { type: 'string', enum: ['bailleur', 'locataire', 'entreprise', 'assureur'], nullable: true, messages: {} },
        occupants: text(20000),
        defauts: text(20000),
      },
    },
    photo: {
      writable: true,
      required_on_create: ['sha256', 'owner_entity', 'owner_record'],
      fields: {
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', nullable: false, messages: {} },
        owner_entity: { type: 'string', enum: ['visite'], nullable: false, messages: {} },
        owner_record: { type: 'string', pattern: UUID, nullable: false, messages: {} },
        caption: text(500),
        taken_at: date(1),
      },
    },
  },
};
