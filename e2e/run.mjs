// Runs every page test (e2e/tests/*.test.mjs) against dist/ served on 127.0.0.1.
// Usage: node e2e/run.mjs [substring-of-test-file ...]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveDir } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { runAll } from './lib/harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.resolve(here, '../dist');
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/index.html is missing: run `trunk build --release` first');
  process.exit(2);
}

const filters = process.argv.slice(2);
const files = fs
  .readdirSync(path.join(here, 'tests'))
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
for (const f of files) await import(pathToFileURL(path.join(here, 'tests', f)));

const server = await serveDir(dist);
const browser = await launch();
let failed;
try {
  failed = await runAll({ browser, baseUrl: server.url, dist });
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
