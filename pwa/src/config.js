// Shared constants of the field app: protocol schema, entities and their fields.

/* global __APP_VERSION__ */
/** Version of this build (package.json's, set by Vite), sent in X-Palier-App-Version. */
export const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

/** Protocol schema version sent with every push. */
export const SCHEMA = 1;

/** Read-only référentiel entities pulled from the server. */
export const REFERENTIEL = ['residence', 'batiment', 'logement', 'locataire', 'bail', 'grille_vetuste'];

/** Entities the device may write (and pulls too). */
export const WRITABLE = ['visite', 'photo'];

/** Every entity that has its own table. */
export const ENTITIES = [...REFERENTIEL, ...WRITABLE];

/** Fields the server owns: never sent in a push. */
export const SERVER_OWNED = ['residence_id', 'review_state', 'review_comment'];

/** Device-writable fields of a visite. */
export const VISITE_FIELDS = [
  'logement_id', 'type', 'prevue_le', 'realisee_le', 'participants', 'observations', 'suites',
  'photo_ids', 'candidat_nom', 'decision', 'motif_refus', 'equipements', 'reparations',
  'cout_estime', 'responsabilite', 'occupants', 'defauts',
];

/** Device-writable fields of a photo (append-only). */
export const PHOTO_FIELDS = ['sha256', 'owner_entity', 'owner_record', 'caption', 'taken_at'];

/** Writable fields per entity. */
export const FIELDS = { visite: VISITE_FIELDS, photo: PHOTO_FIELDS };

/** Visite types with their French names. */
export const VISITE_TYPES = [
  ['candidat', 'Visite candidat'],
  ['courtoisie', 'Visite de courtoisie'],
  ['conseil', 'Visite conseil (pré-état des lieux)'],
  ['technique', 'Visite technique'],
  ['enquete_occupation', "Enquête d'occupation"],
  ['logement_temoin', 'Logement témoin'],
];

/** Type-specific visite fields, in display order. */
export const TYPE_FIELDS = {
  candidat: ['candidat_nom', 'decision', 'motif_refus'],
  courtoisie: ['equipements'],
  conseil: ['reparations', 'cout_estime'],
  technique: ['responsabilite', 'reparations'],
  enquete_occupation: ['occupants'],
  logement_temoin: ['defauts'],
};

/** Review states set by the back office, in French. */
export const REVIEW_STATES = {
  recu: 'Reçue', a_corriger: 'À corriger', corrige: 'Corrigée', valide: 'Validée', rejete: 'Rejetée',
};

/** Push limits of the server. */
export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PUSH_BYTES = 2 * 1024 * 1024;

/** Page size of a pull. */
export const PULL_LIMIT = 5000;

/** Background Sync tag registered with the service worker. */
export const SYNC_TAG = 'palier-sync';
