// Draw the app icons (a staircase up to a landing — "palier") as PNG files in public/.
// Tiny PNG encoder on node:zlib; no external download. Run: npm run icons
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BG = [11, 61, 145];
const FG = [255, 255, 255];

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Colour at (u, v) in [0,1]², or null (transparent). `inset` shrinks the glyph (maskable). */
function shade(u, v, { rounded, inset }) {
  if (rounded) {
    const r = 0.2;
    const cx = Math.min(Math.max(u, r), 1 - r);
    const cy = Math.min(Math.max(v, r), 1 - r);
    if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return null;
  }
  const g = (t) => (t - 0.5) / inset + 0.5; // glyph coordinates
  const x = g(u);
  const y = g(v);
  const steps = 3;
  const w = 0.16;
  const x0 = 0.14;
  const base = 0.8;
  for (let i = 0; i < steps; i++) {
    if (x >= x0 + w * i && x < x0 + w * (i + 1) && y >= base - w * (i + 1) && y <= base) return FG;
  }
  const lx = x0 + w * steps;
  if (x >= lx && x <= 0.86 && y >= base - w * (steps + 1) && y <= base) return FG; // the landing
  return BG;
}

function draw(size, opts) {
  const buf = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, gg = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = shade((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size, opts);
          if (c) { r += c[0]; gg += c[1]; b += c[2]; a += 1; }
        }
      }
      const o = (py * size + px) * 4;
      if (a) { buf[o] = Math.round(r / a); buf[o + 1] = Math.round(gg / a); buf[o + 2] = Math.round(b / a); }
      buf[o + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return png(size, buf);
}

const out = fileURLToPath(new URL('../public/', import.meta.url));
writeFileSync(`${out}icon-192.png`, draw(192, { rounded: true, inset: 1 }));
writeFileSync(`${out}icon-512.png`, draw(512, { rounded: true, inset: 1 }));
writeFileSync(`${out}icon-maskable-512.png`, draw(512, { rounded: false, inset: 0.72 }));
writeFileSync(`${out}apple-touch-icon.png`, draw(180, { rounded: false, inset: 0.9 }));
console.log('icônes écrites dans public/');
