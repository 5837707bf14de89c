// Sizes of the release bundle in dist/: raw and gzip (level 9) per asset.
// Shared by the size gate (test command) and the benchmark.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Asset kind from the file name, for the table. */
function kind(file) {
  const ext = path.extname(file).slice(1);
  return { wasm: 'wasm', js: 'JS', css: 'CSS', html: 'HTML', svg: 'SVG' }[ext] ?? ext;
}

/** Every file under `dist` (recursively) with its raw and gzip size. */
export function bundleSizes(dist) {
  const rows = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const body = fs.readFileSync(full);
        rows.push({
          file: path.relative(dist, full),
          kind: kind(full),
          raw: body.length,
          gzip: zlib.gzipSync(body, { level: 9 }).length,
        });
      }
    }
  };
  walk(dist);
  rows.sort((a, b) => b.gzip - a.gzip);
  return rows;
}

export function formatTable(rows) {
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
  const lines = ['asset                                         kind      raw B     gzip B'];
  for (const r of rows) {
    lines.push(`${r.file.padEnd(45)} ${r.kind.padEnd(5)} ${String(r.raw).padStart(10)} ${String(r.gzip).padStart(10)}`);
  }
  lines.push(`${'total'.padEnd(45)} ${''.padEnd(5)} ${String(total.raw).padStart(10)} ${String(total.gzip).padStart(10)}`);
  return { text: lines.join('\n'), total };
}
