// Device-side check of values against the rules the server publishes (GET /api/v1/rules): the
// same keywords and, through each rule's `messages`, the same French messages as the server, so
// "Valider" refuses what the sync would refuse. No rule is written here: without rules from the
// server nothing is checked (the server still is).

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** French message when a rule comes without its own (an older server). */
function fallback(keyword, rule) {
  switch (keyword) {
    case 'type': return rule.type === 'number' || rule.type === 'integer' ? 'Nombre attendu.' : 'Valeur invalide.';
    case 'nullable': return 'Ce champ ne peut pas être vide.';
    case 'required': return 'Ce champ est obligatoire.';
    case 'enum': return `Valeur non autorisée (valeurs possibles : ${(rule.enum || []).join(', ')}).`;
    case 'minLength': return `Texte trop court (${rule.minLength} caractères au moins).`;
    case 'maxLength': return `Texte trop long (${rule.maxLength} caractères au plus).`;
    case 'pattern': return 'Format invalide.';
    case 'minimum': return `Valeur trop petite (${rule.minimum} au moins).`;
    case 'maximum': return `Valeur trop grande (${rule.maximum} au plus).`;
    case 'maxItems': return `Trop d'éléments (${rule.maxItems} au plus).`;
    case 'format': return 'Date et heure invalides (format ISO 8601 attendu).';
    case 'minDate': return 'Date trop ancienne.';
    case 'maxDaysAhead': return 'Date trop lointaine.';
    default: return 'Valeur invalide.';
  }
}

const message = (rule, keyword) => rule.messages?.[keyword] || fallback(keyword, rule);

function hasType(value, type) {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'null': return value === null;
    default: return true;
  }
}

/** Length in characters (code points, as the server counts). */
const charCount = (s) => (s.length < 2 ? s.length : [...s].length);

function matches(pattern, value) {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true; // a pattern this engine cannot read: left to the server
  }
}

/** The keywords of `rule` that `value` fails, in a stable order. */
function failures(rule, value, now) {
  const types = [].concat(rule.type ?? []);
  if (value === null || value === undefined) {
    if (rule.nullable === true || types.includes('null')) return [];
    return [rule.nullable === false ? 'nullable' : 'type'];
  }
  if (types.length && !types.some((t) => hasType(value, t))) return ['type'];
  const out = [];
  if (rule.enum && !rule.enum.some((x) => x === value)) out.push('enum');
  if (typeof value === 'string') {
    if (rule.minLength !== undefined && charCount(value) < rule.minLength) out.push('minLength');
    if (rule.maxLength !== undefined && value.length > rule.maxLength && charCount(value) > rule.maxLength) out.push('maxLength');
    if (rule.pattern !== undefined && !matches(rule.pattern, value)) out.push('pattern');
    if (rule.format === 'date-time') {
      const t = Date.parse(value);
      if (!ISO_DATE_TIME.test(value) || Number.isNaN(t)) out.push('format');
      else {
        if (rule.minDate && value.slice(0, 10) < rule.minDate) out.push('minDate');
        if (rule.maxDaysAhead !== undefined && t > now + rule.maxDaysAhead * DAY_MS) out.push('maxDaysAhead');
      }
    }
  }
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum) out.push('minimum');
    if (rule.maximum !== undefined && value > rule.maximum) out.push('maximum');
  }
  if (Array.isArray(value)) {
    if (rule.maxItems !== undefined && value.length > rule.maxItems) out.push('maxItems');
    if (rule.items && value.some((item) => failures(rule.items, item, now).length)) out.push('items');
  }
  return out;
}

/** French messages for `value` against one field rule (empty when it passes). */
export function checkField(rule, value, now = Date.now()) {
  if (!rule) return [];
  const msgs = failures(rule, value, now).map((k) => {
    if (k !== 'items') return message(rule, k);
    const bad = value.find((item) => failures(rule.items, item, now).length);
    return rule.messages?.items || checkField(rule.items, bad, now)[0];
  });
  return [...new Set(msgs)];
}

/**
 * Check `values` against the rules of one entity ({fields, required_on_create}). `fields`: the
 * names to check (default: every field of `values` that has a rule); `creating`: also check the
 * fields required on creation. Returns {field: [messages]} (empty when all pass).
 */
export function checkRecord(entityRules, values, { now = Date.now(), creating = false, fields } = {}) {
  const errors = {};
  if (!entityRules?.fields) return errors;
  if (creating) {
    for (const name of entityRules.required_on_create || []) {
      const v = values[name];
      if (v === null || v === undefined || v === '') {
        errors[name] = [entityRules.fields[name]?.messages?.required || entityRules.messages?.required || fallback('required', {})];
      }
    }
  }
  for (const name of fields || Object.keys(values)) {
    if (errors[name] || !(name in values)) continue;
    const msgs = checkField(entityRules.fields[name], values[name], now);
    if (msgs.length) errors[name] = msgs;
  }
  return errors;
}

const pad = (n) => String(n).padStart(2, '0');
const localInput = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** HTML attributes a rule implies for its input (maxlength, min, max), for the pickers and keyboards. */
export function inputAttrs(rule, now = Date.now()) {
  if (!rule) return {};
  const attrs = {};
  if (rule.maxLength !== undefined) attrs.maxLength = rule.maxLength;
  if (rule.format === 'date-time') {
    if (rule.minDate) attrs.min = `${rule.minDate}T00:00`;
    if (rule.maxDaysAhead !== undefined) attrs.max = localInput(new Date(now + rule.maxDaysAhead * DAY_MS));
  }
  if (rule.type === 'number' || rule.type === 'integer') {
    if (rule.minimum !== undefined) attrs.min = rule.minimum;
    if (rule.maximum !== undefined) attrs.max = rule.maximum;
  }
  return attrs;
}

/** The values a field may take per the rules (its enum), or null when the rules do not restrict it. */
export function allowedValues(entityRules, field) {
  const e = entityRules?.fields?.[field]?.enum;
  return Array.isArray(e) ? e : null;
}
