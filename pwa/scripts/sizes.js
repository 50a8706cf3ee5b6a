// Print the gzip sizes of what the build ships (JS, CSS, service worker).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(js|css)$/.test(name)) files.push(p);
  }
})(dist);
const totals = { js: 0, css: 0 };
for (const f of files.sort()) {
  const raw = readFileSync(f);
  const gz = gzipSync(raw, { level: 9 }).length;
  totals[f.endsWith('.css') ? 'css' : 'js'] += gz;
  console.log(`${f.slice(dist.length).padEnd(40)} ${(raw.length / 1024).toFixed(1).padStart(7)} KB  gzip ${(gz / 1024).toFixed(1).padStart(6)} KB`);
}
console.log(`TOTAL gzip: JS ${(totals.js / 1024).toFixed(1)} KB (service worker included), CSS ${(totals.css / 1024).toFixed(1)} KB`);
