// @vitest-environment happy-dom
// Issue 9: the signature pad of the EDL: labelled controls, and French errors when the name or
// the signature is missing. (happy-dom has no 2D canvas: drawing is covered in Chromium, e2e.)
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CADRE_INDISPONIBLE, dataUrlBytes, SignaturePad } from '../src/edl/SignaturePad.jsx';

let root;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  act(() => render(null, root));
  document.body.innerHTML = '';
});
const mount = (vnode) => act(() => render(vnode, root));
const button = (text) => [...root.querySelectorAll('button')].find((b) => b.textContent === text);
const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((p) => p.textContent);
const type = (input, value) => act(() => {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
});

describe('SignaturePad', () => {
  it('is a named group with a labelled name input, a labelled pad and two buttons', () => {
    mount(<SignaturePad id="sig-locataire" titre="Signature du locataire" nom="Hélène Lefèvre" />);
    expect(root.querySelector('fieldset > legend').textContent).toBe('Signature du locataire');
    const input = root.querySelector('#sig-locataire-nom');
    expect(root.querySelector('label[for="sig-locataire-nom"]').textContent).toBe('Nom du signataire');
    expect(input.value).toBe('Hélène Lefèvre');
    const pad = root.querySelector('canvas');
    expect(pad.getAttribute('role')).toBe('img');
    expect(pad.getAttribute('aria-label')).toBe('Cadre de signature');
    expect(root.querySelector(`#${pad.getAttribute('aria-describedby')}`).textContent).toBe('Signez dans le cadre avec le doigt, un stylet ou la souris.');
    expect(button('Effacer').type).toBe('button');
    expect(button('Valider la signature').type).toBe('button');
  });

  it('refuses to validate without a name or with an empty pad, in French', async () => {
    const onSigned = vi.fn();
    mount(<SignaturePad id="sig" titre="Signature du bailleur" onSigned={onSigned} />);
    await act(() => button('Valider la signature').click());
    expect(alerts()).toContain('Indiquez le nom du signataire.');
    expect(alerts()).toContain('Signez dans le cadre.');
    const input = root.querySelector('#sig-nom');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('sig-nom-err');
    expect(root.querySelector('canvas').getAttribute('aria-describedby')).toBe('sig-aide sig-pad-err');

    type(input, '  François Mercier ');
    expect(alerts()).not.toContain('Indiquez le nom du signataire.');
    await act(() => button('Valider la signature').click());
    expect(alerts()).toContain('Signez dans le cadre.');
    expect(alerts()).not.toContain('Indiquez le nom du signataire.');
    await act(() => button('Effacer').click());
    expect(alerts()).not.toContain('Signez dans le cadre.');
    expect(onSigned).not.toHaveBeenCalled();
  });

  it('says so when the device cannot draw (no 2D canvas here)', async () => {
    mount(<SignaturePad />);
    await vi.waitFor(() => expect(alerts()).toEqual([CADRE_INDISPONIBLE]));
  });
});

it('dataUrlBytes decodes a PNG data: URL', () => {
  expect([...dataUrlBytes('data:image/png;base64,iVBORw0KGgo=')]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});
