// Record families of the field app (DESIGN.md §9). A family declares its entities once — the
// field naming each record's parent (the storage groups records by it), the fields the device
// writes, labels, the screen that opens a record, how a card names it — and the storage, the sync
// (push, pull, rebase, removals, conflicts), drafts, "À traiter" and the parent's page serve it
// with no code of their own. Photos are one more entity, whose parent is any record.
import { etatsDesLieux } from './etat_des_lieux.js';
import { photos } from './photo.js';
import { reclamations } from './reclamations.js';
import { troubles } from './troubles.js';
import { visites } from './visite.js';

/** Pages of the référentiel that have a route of their own ("#/logement/<id>"). */
const REFERENTIEL_ROUTES = ['residence', 'batiment', 'logement'];

const registry = new Map(); // entity → its normalized declaration
const families = new Map(); // family name → {name, label, entities: [declarations]}

const str = (v) => (v === null || v === undefined ? '' : String(v));

/**
 * Normalize a family: `{name, label, entities: {entity: {...}}}` where each entity declares
 * `parent` (required: the field naming its parent record), and optionally `parentEntity` (what that
 * field names, e.g. "logement"), `owner` (instead: the field naming the parent's entity, as
 * photo.owner_entity), `fields` (device-writable), `serverOwned`, `tags` (fields looked up by
 * value), `photoField` (a field listing the record's photos), `appendOnly`, `labels` ({one, many,
 * the, new, feminine, fields}), `fieldLabel(field, row)`, `route` (the screen: "#/<route>/<id>"),
 * `list` (listed on its parent's page), `empty(parentId)`, `title(row, {parent})`, `card(row)`,
 * `sortKey(row)`.
 */
export function defineFamily(family) {
  if (!family?.name || !family.entities) throw new Error('A family needs a name and entities.');
  const entities = Object.entries(family.entities).map(([entity, d]) => {
    if (!/^[a-z][a-z0-9_]*$/.test(entity)) throw new Error(`Invalid entity name: ${entity}`);
    if (!d.parent) throw new Error(`Entity ${entity} declares no parent field.`);
    const labels = { one: entity, many: entity, the: entity, feminine: false, fields: {}, ...(d.labels || {}) };
    return {
      entity,
      family: family.name,
      parent: d.parent,
      parentEntity: d.parentEntity ?? null,
      owner: d.owner ?? null,
      fields: [...(d.fields || [])],
      serverOwned: [...(d.serverOwned || [])],
      tags: [...(d.tags || [])],
      photoField: d.photoField ?? null,
      appendOnly: !!d.appendOnly,
      labels,
      fieldLabel: d.fieldLabel || null,
      route: d.route ?? null,
      list: !!d.list,
      empty: d.empty || ((parentId) => ({ [d.parent]: parentId })),
      title: d.title || null,
      card: d.card || (() => ({ title: labels.one, detail: '' })),
      sortKey: d.sortKey || ((row) => str(row.id)),
    };
  });
  return { name: family.name, label: family.label || family.name, entities };
}

/** Add a family (e.g. declared by a test). Returns a function that removes it again. */
export function registerFamily(family) {
  const f = defineFamily(family);
  if (families.has(f.name)) throw new Error(`Family ${f.name} is declared twice.`);
  for (const e of f.entities) if (registry.has(e.entity)) throw new Error(`Entity ${e.entity} is declared twice.`);
  families.set(f.name, f);
  for (const e of f.entities) registry.set(e.entity, e);
  return () => {
    families.delete(f.name);
    for (const e of f.entities) registry.delete(e.entity);
  };
}

/** The declaration of an entity, or null when no family declares it. */
export const entityDecl = (entity) => registry.get(entity) || null;

/** Whether an entity is a field record of a family (stored, written and synced by the device). */
export const isFieldEntity = (entity) => registry.has(entity);

/** Every declared entity, in declaration order. */
export const fieldEntities = () => [...registry.keys()];

/** Every declared family {name, label, entities}. */
export const allFamilies = () => [...families.values()];

/** The fields the device writes for an entity (empty when undeclared). */
export const writableFields = (entity) => registry.get(entity)?.fields || [];

/** The parent id of a row (its parent field's value). */
export const parentOf = (decl, row) => row?.[decl.parent] ?? null;

/** The entity of a row's parent: declared, or read from the row (photo.owner_entity). */
export const parentEntityOf = (decl, row) => (decl.owner ? row?.[decl.owner] ?? null : decl.parentEntity);

/** Declarations of the entities whose records may be children of an `entity` record. */
export const childEntities = (entity) => [...registry.values()].filter((d) => d.owner || d.parentEntity === entity);

/** The declaration whose screen has this route ("visite"), or null. */
export const entityForRoute = (route) => [...registry.values()].find((d) => d.route && d.route === route) || null;

/** Declarations of the entities listed on the page of a `parentEntity` record (e.g. "logement"). */
export const listedUnder = (parentEntity) => [...registry.values()].filter((d) => d.list && d.parentEntity === parentEntity);

/** The hash route that opens a record: its family's screen, or a référentiel page; null when none. */
export function recordHash(entity, id, parentId = null) {
  if (!id) return null;
  if (REFERENTIEL_ROUTES.includes(entity)) return `#/${entity}/${encodeURIComponent(id)}`;
  const d = registry.get(entity);
  if (!d?.route) return null;
  const query = parentId && d.parentEntity ? `?${d.parentEntity}=${encodeURIComponent(parentId)}` : '';
  return `#/${d.route}/${encodeURIComponent(id)}${query}`;
}

/** The French label of a field of an entity (the declaration's, else the field's name). */
export function fieldLabel(entity, field, row = {}) {
  const d = registry.get(entity);
  return d?.fieldLabel?.(field, row || {}) || d?.labels.fields[field] || field;
}

/** "refusée" or "refusé", after the declaration's gender. */
export const agree = (decl, feminine, masculine) => (decl?.labels.feminine ? feminine : masculine);

registerFamily(visites);
registerFamily(photos);
registerFamily(etatsDesLieux);
registerFamily(troubles);
registerFamily(reclamations);
