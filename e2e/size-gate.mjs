// The size gate: prints the release bundle's sizes and fails when the gzip
// total exceeds the budget in e2e/size-budget.json.
import fs from 'node:fs';
import path from 'node:path';
import { bundleSizes, formatTable } from './lib/sizes.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.resolve(here, '../dist');
const budget = JSON.parse(fs.readFileSync(path.join(here, 'size-budget.json'), 'utf8')).max_gzip_total_bytes;

const { text, total } = formatTable(bundleSizes(dist));
console.log(text);
const verdict = total.gzip <= budget ? 'within' : 'OVER';
console.log(`gzip total ${total.gzip} B is ${verdict} the budget of ${budget} B`);
process.exit(total.gzip <= budget ? 0 : 1);
