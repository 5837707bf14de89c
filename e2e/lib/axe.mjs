// axe-core (e2e/package.json) run inside a page, shadow roots included.
import fs from 'node:fs';
import path from 'node:path';

const AXE = fs.readFileSync(
  path.resolve(path.dirname(new URL(import.meta.url).pathname), '../node_modules/axe-core/axe.min.js'),
  'utf8',
);

/** axe-core on the page; returns the violations, one line each. */
export async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target} (${v.help})`);
  });
}
