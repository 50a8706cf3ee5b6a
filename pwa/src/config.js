// Shared constants of the field app: protocol schema, référentiel, limits. The field records and
// their fields are declared by their families (src/families/).

/* global __APP_VERSION__ */
/** Version of this build (package.json's, set by Vite), sent in X-Palier-App-Version. */
export const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

/** Protocol schema version sent with every push. */
export const SCHEMA = 1;

/** Read-only référentiel entities pulled from the server. */
export const REFERENTIEL = ['residence', 'batiment', 'logement', 'locataire', 'bail', 'grille_vetuste'];

/** Fields the server owns: never sent in a push (a family may declare more). */
export const SERVER_OWNED = ['residence_id', 'review_state', 'review_comment'];

/** Review states set by the back office (every family), in French. */
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
