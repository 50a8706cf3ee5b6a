// @vitest-environment happy-dom
// Issue 8, item 2: number fields take "350,50" and "350.50" as 350.5 and refuse garbage in French.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDecimalInput, parseDecimal } from '../src/lib/format.js';
import { Field } from '../src/ui/visite/fields.jsx';
import { checkVisiteDraft } from '../src/ui/visite/VisiteForm.jsx';

afterEach(() => {
  document.body.innerHTML = '';
});

/** Type `text` key by key at the end of the input, as a person does (the page re-renders between keys). */
function type(input, text) {
  for (const ch of text) {
    act(() => {
      input.value += ch;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
}

function mountNumber() {
  const seen = [];
  function Harness() {
    const [v, setV] = useState(null);
    return <Field name="cout_estime" type="conseil" kind="number" value={v} onChange={(x) => { seen.push(x); setV(x); }} />;
  }
  const root = document.createElement('div');
  document.body.appendChild(root);
  act(() => render(<Harness />, root));
  return { input: root.querySelector('#f-cout_estime'), seen, root };
}

describe('parseDecimal', () => {
  it('reads French and English decimals, spaces as thousands separators', () => {
    expect(parseDecimal('350,50')).toBe(350.5);
    expect(parseDecimal('350.50')).toBe(350.5);
    expect(parseDecimal(' 1 000,5 ')).toBe(1000.5);
    expect(parseDecimal('1\u202f000')).toBe(1000);
    expect(parseDecimal(',5')).toBe(0.5);
    expect(parseDecimal('350,')).toBe(350);
    expect(parseDecimal('')).toBe(null);
    expect(parseDecimal(null)).toBe(null);
    expect(parseDecimal(12.5)).toBe(12.5);
  });
  it('refuses what is not a number', () => {
    for (const bad of ['abc', '1,000.50', '1.000,50', '3e5', '12 €', '1_000', '--1', '1,2,3']) {
      expect(Number.isNaN(parseDecimal(bad)), bad).toBe(true);
    }
  });
  it('shows a stored number the French way', () => {
    expect(formatDecimalInput(350.5)).toBe('350,5');
    expect(formatDecimalInput(null)).toBe('');
  });
});

describe('the "Coût estimé (€)" input', () => {
  it('keeps "350.50" as typed and stores 350.5', () => {
    const { input, seen } = mountNumber();
    type(input, '350.50');
    expect(input.value).toBe('350.50');
    expect(seen.at(-1)).toBe(350.5);
  });

  it('keeps "350,50" as typed and stores 350.5', () => {
    const { input, seen } = mountNumber();
    type(input, '350,50');
    expect(input.value).toBe('350,50');
    expect(seen.at(-1)).toBe(350.5);
  });

  it('is a text input with a decimal keyboard, labelled in French', () => {
    const { input, root } = mountNumber();
    expect(input.type).toBe('text');
    expect(input.getAttribute('inputmode')).toBe('decimal');
    expect(root.querySelector('label[for="f-cout_estime"]').textContent).toBe('Coût estimé (€)');
  });

  it('garbage is refused at "Valider" with a French message, even without rules', () => {
    const { input, seen } = mountNumber();
    type(input, '12 euros');
    expect(seen.at(-1)).toBe('12 euros');
    const draft = { orig: {}, photos: [], values: { type: 'conseil', logement_id: 'l1', photo_ids: [], cout_estime: seen.at(-1) } };
    expect(checkVisiteDraft(draft, { rules: null, accepted: false })).toEqual({ cout_estime: ['Nombre attendu, par exemple 350,50.'] });
    draft.values.cout_estime = 350.5;
    expect(checkVisiteDraft(draft, { rules: null, accepted: false })).toEqual({});
  });
});
