// Sizes of the release bundle in dist/: raw and gzip (level 9) per asset,
// and which of them one visit of the page downloads.
// Shared by the size gate (test command), the page-load test and the benchmark.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * What one visit of index.html downloads: the page, its stylesheets and icon,
 * the loader and what it imports, the wasm, the stylesheet each shadow root
 * links, and one language's texts (content/*.txt, whichever is larger counts).
 * e2e/tests/page_load.test.mjs checks a real visit requests exactly these.
 */
export const VISIT = [
  'index.html',
  'page.css',
  'widget.css',
  'favicon.svg',
  'tcp-widget-embed.js',
  'tcp-widget-host.js',
  'tcp-widget-frame.js',
  'tcp-widget-page-frame.js',
  'tcp-widget.js',
  'tcp-widget_bg.wasm',
];
export const CONTENT = /^content\/[a-z]{2}\.txt$/;
/** Texts fetched only when the learner asks for them (analogies, deep dives' answers). */
export const ON_DEMAND = /^content\/[a-z]{2}-more\.txt$/;
/**
 * The first frame of a <div> embed of the default lesson, one language's
 * (tcp-widget-frame.js fetches it beside the WebAssembly). The page has its
 * frames inline in index.html and never fetches these.
 */
export const EMBED_FRAME = /^first-frame-[a-z]{2}\.html$/;

/**
 * Files that are built but not part of a visit: other ways to get the same
 * widget (one self-contained file; a demo page of the embed snippet). The
 * gate refuses any file in dist/ that is on neither list, so no new asset
 * escapes the budget unnoticed.
 */
export const PACKAGED = ['tcp-widget-standalone.html', 'embed-demo.html'];

/** Asset kind from the file name, for the table. */
function kind(file) {
  const ext = path.extname(file).slice(1);
  return { wasm: 'wasm', js: 'JS', css: 'CSS', html: 'HTML', svg: 'SVG', txt: 'text' }[ext] ?? ext;
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
          file: path.relative(dist, full).split(path.sep).join('/'),
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

/**
 * Splits `rows` into what a visit downloads (with the larger content file),
 * and names any file that is neither a visit's nor a known packaging.
 */
export function visitOf(rows) {
  const content = rows.filter((r) => CONTENT.test(r.file)).sort((a, b) => b.gzip - a.gzip);
  const visit = rows.filter((r) => VISIT.includes(r.file));
  if (content.length) visit.push(content[0]);
  const missing = VISIT.filter((f) => !rows.some((r) => r.file === f));
  const unknown = rows
    .filter((r) => !VISIT.includes(r.file) && !CONTENT.test(r.file) && !ON_DEMAND.test(r.file) && !EMBED_FRAME.test(r.file) && !PACKAGED.includes(r.file))
    .map((r) => r.file);
  if (!content.length) missing.push('content/*.txt');
  return { visit, missing, unknown };
}

const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });

/** A table of every asset, marking the visit's, with the visit's total and the whole of dist/. */
export function formatTable(rows) {
  const { visit } = visitOf(rows);
  const total = sum(visit);
  const all = sum(rows);
  const lines = ['asset                                  visit  kind      raw B     gzip B'];
  for (const r of rows) {
    const mark = visit.includes(r) ? '  *  ' : '     ';
    lines.push(`${r.file.padEnd(38)} ${mark} ${r.kind.padEnd(5)} ${String(r.raw).padStart(10)} ${String(r.gzip).padStart(10)}`);
  }
  lines.push(`${'one visit (* above)'.padEnd(44)} ${''.padEnd(5)} ${String(total.raw).padStart(10)} ${String(total.gzip).padStart(10)}`);
  // A <div> embed on someone else's page: no index.html, page.css or icon,
  // but its first frame (the larger language's).
  const frame = rows.filter((r) => EMBED_FRAME.test(r.file)).sort((a, b) => b.gzip - a.gzip)[0];
  const embed = sum([...visit.filter((r) => !['index.html', 'page.css', 'favicon.svg'].includes(r.file)), ...(frame ? [frame] : [])]);
  lines.push(`${'a <div> embed (its first frame, no page)'.padEnd(44)} ${''.padEnd(5)} ${String(embed.raw).padStart(10)} ${String(embed.gzip).padStart(10)}`);
  lines.push(`${'all of dist/'.padEnd(44)} ${''.padEnd(5)} ${String(all.raw).padStart(10)} ${String(all.gzip).padStart(10)}`);
  return { text: lines.join('\n'), total, all };
}
