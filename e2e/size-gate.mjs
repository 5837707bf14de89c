// The size gate: prints the release bundle's sizes and fails when what one
// visit downloads (gzip) exceeds the budget in e2e/size-budget.json, or when
// dist/ holds a file the gate does not know (see e2e/lib/sizes.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { bundleSizes, formatTable, visitOf } from './lib/sizes.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.resolve(here, '../dist');
const budget = JSON.parse(fs.readFileSync(path.join(here, 'size-budget.json'), 'utf8')).max_visit_gzip_bytes;

const rows = bundleSizes(dist);
const { text, total } = formatTable(rows);
console.log(text);
const { missing, unknown } = visitOf(rows);
let ok = true;
if (missing.length) {
  console.log(`missing from dist/: ${missing.join(', ')}`);
  ok = false;
}
if (unknown.length) {
  console.log(`not accounted for (add to VISIT or PACKAGED in e2e/lib/sizes.mjs): ${unknown.join(', ')}`);
  ok = false;
}
const within = total.gzip <= budget;
console.log(`one visit downloads ${total.gzip} B gzip: ${within ? 'within' : 'OVER'} the budget of ${budget} B`);
process.exit(ok && within ? 0 : 1);
