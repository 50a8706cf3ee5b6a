// The canonical form (docs/canonical.md): the shared vectors, refusals, and the EDL document.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CanonicalError,
  EXCLUDED_FIELDS,
  EXCLUDED_PREFIX,
  canonicalAddendumText,
  canonicalDocument,
  canonicalJson,
  canonicalText,
  contentHash,
  esNumber,
} from '../src/lib/canonical.js';

const root = new URL('../../', import.meta.url);
const VECTORS = JSON.parse(readFileSync(new URL('tests/vectors/canonical.json', root), 'utf8'));
const PY_SOURCE = readFileSync(new URL('sync/canonical.py', root), 'utf8');

const compute = (kind, input) => {
  if (kind === 'json') return canonicalJson(input);
  if (kind === 'addendum') return canonicalAddendumText(input.addendum, input.photos);
  return canonicalText(input.edl, input.elements, input.photos);
};

function codeOf(fn) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CanonicalError);
    return error.code;
  }
  return 'no error';
}

describe('shared vectors (tests/vectors/canonical.json)', () => {
  it('has the cases the spec asks for', () => {
    const names = VECTORS.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(22);
    expect(names.length).toBe(22);
    expect(VECTORS.cases.filter((c) => c.kind === 'edl').length).toBe(3);
    expect(VECTORS.cases.filter((c) => c.kind === 'addendum').length).toBe(2);
    expect(VECTORS.refused.length).toBe(11);
  });

  for (const c of VECTORS.cases) {
    it(c.name, async () => {
      const text = compute(c.kind, c.input);
      expect(text).toBe(c.canonical);
      expect(await contentHash(text)).toBe(c.sha256);
    });
  }

  for (const c of VECTORS.refused) {
    it(`refuses ${c.name}`, () => {
      expect(codeOf(() => compute(c.kind, c.input))).toBe(c.code);
    });
  }
});

describe('canonicalJson', () => {
  it('hashes the UTF-8 bytes', async () => {
    expect(await contentHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await contentHash('é')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  });

  it('writes numbers as Number.prototype.toString', () => {
    const table = [
      [0, '0'], [-0, '0'], [5.0, '5'], [350.5, '350.5'], [4.5, '4.5'], [2e-3, '0.002'],
      [0.000001, '0.000001'], [1e-7, '1e-7'], [1e16, '10000000000000000'], [1e20, '100000000000000000000'],
      [1e21, '1e+21'], [1e30, '1e+30'], [123e-20, '1.23e-18'], [333333333.33333329, '333333333.3333333'],
      [9007199254740993, '9007199254740992'], [2 ** 63, '9223372036854776000'], [-1.5, '-1.5'], [5e-324, '5e-324'],
    ];
    for (const [n, text] of table) expect(esNumber(n)).toBe(text);
  });

  it('refuses NaN and ±Infinity wherever they are', () => {
    for (const n of [NaN, Infinity, -Infinity]) {
      expect(codeOf(() => canonicalJson({ index: [n] }))).toBe('non_finite_number');
    }
  });

  it('refuses unpaired surrogates in values and keys, keeps pairs', () => {
    for (const text of ['\ud800', 'a\udfffb', '\ude00\ud83d']) {
      for (const value of [text, { [text]: 1 }, [1, { k: [text] }]]) {
        expect(codeOf(() => canonicalJson(value))).toBe('lone_surrogate');
      }
    }
    expect(canonicalJson({ '\ud83d\ude00': '\u{1f511}' })).toBe('{"😀":"🔑"}');
  });

  it('refuses what JSON has no form for', () => {
    for (const value of [undefined, 1n, new Date(0), new Map(), () => 1, Symbol('s'), [, 1]]) {
      expect(codeOf(() => canonicalJson([value]))).toBe('unsupported_type');
    }
  });
});

describe('the field exclusion list', () => {
  it('is the one sync/canonical.py holds', () => {
    const body = PY_SOURCE.match(/EXCLUDED_FIELDS: frozenset\[str\] = frozenset\(\s*\{(.*?)\}\s*\)/s);
    const python = [...body[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    expect([...EXCLUDED_FIELDS].sort()).toEqual(python.sort());
    expect(PY_SOURCE).toContain(`EXCLUDED_PREFIX = "${EXCLUDED_PREFIX}"`);
  });
});

describe('canonicalDocument', () => {
  const EDL = '0190f3a2-7c1e-7a00-8000-000000000e01';
  const EL = ['0190f3a2-7c1e-7a00-8000-0000000e1001', '0190f3a2-7c1e-7a00-8000-0000000e1002'];
  const device = () => ({
    edl: {
      record: EDL,
      fields: { id: EDL, _v: 4, sens: 'entree', cles: [], observations: undefined, compteurs: [{ type: 'gaz', index: 12.0 }] },
    },
    elements: [
      { record: EL[1], fields: { id: EL[1], _v: 1, edl_id: EDL, piece: 'Séjour', element: 'Sols', etat: 'bon', ordre: 2 } },
      { record: EL[0], fields: { id: EL[0], _v: 1, edl_id: EDL, piece: 'Entrée', element: 'Murs', etat: 'usage', ordre: 1 } },
    ],
    photos: [
      { record: 'p1', fields: { owner_entity: 'edl_element', owner_record: EL[0], sha256: 'b'.repeat(64) } },
      { record: 'p2', fields: { owner_entity: 'etat_des_lieux', owner_record: EDL, sha256: 'a'.repeat(64) } },
    ],
  });
  const expected =
    '{"elements":[' +
    `{"fields":{"edl_id":"${EDL}","element":"Murs","etat":"usage","ordre":1,"piece":"Entrée"},"id":"${EL[0]}"},` +
    `{"fields":{"edl_id":"${EDL}","element":"Sols","etat":"bon","ordre":2,"piece":"Séjour"},"id":"${EL[1]}"}],` +
    `"entity":"etat_des_lieux","fields":{"cles":[],"compteurs":[{"index":12,"type":"gaz"}],"sens":"entree"},"id":"${EDL}",` +
    `"photos":[{"owner":"${EDL}","sha256":"${'a'.repeat(64)}"},{"owner":"${EL[0]}","sha256":"${'b'.repeat(64)}"}]}`;

  it('reads Dexie-like rows: envelope keys, "_" keys and undefined left out, children sorted', () => {
    const { edl, elements, photos } = device();
    expect(canonicalText(edl, elements, photos)).toBe(expected);
  });

  it('is the same text as the server form: nulls, server fields and conflicts left out', () => {
    const { edl, elements, photos } = device();
    edl.fields = { ...edl.fields, statut: 'signe', content_hash: 'f'.repeat(64), residence_id: 'r', review_state: 'valide', review_comment: null, mandataire: null, _conflicts: [] };
    elements[0].fields = { ...elements[0].fields, observations: null, residence_id: 'r', _conflicts: [{ id: 'c' }] };
    elements.push({ record: 'gone', deleted: true, fields: {} });
    photos.push({ record: 's', fields: { owner_entity: 'signature', owner_record: EDL, sha256: 'd'.repeat(64) } });
    expect(canonicalText(edl, elements, photos)).toBe(expected);
  });

  it('does not change its inputs', () => {
    const input = device();
    const before = structuredClone(input);
    canonicalDocument(input.edl, input.elements, input.photos);
    expect(input).toStrictEqual(before);
  });

  it('drops the photos of a deleted element with it', () => {
    const { edl, elements, photos } = device();
    elements[1].deleted = true; // EL[0] is at index 1
    const doc = canonicalDocument(edl, elements, photos);
    expect(doc.elements.map((e) => e.id)).toEqual([EL[1]]);
    expect(doc.photos).toEqual([{ owner: EDL, sha256: 'a'.repeat(64) }]);
  });
});
