// trunk's post_build hook (TRUNK_STAGING_DIR), or by hand on an existing
// dist/:  node scripts/post-build.mjs [dir]
//
// 1. Builds tcp-widget-standalone.html: the whole widget in one file (page
//    CSS, widget CSS, JavaScript, both languages' texts and the WebAssembly
//    as base64), for opening
//    from disk (file://), uploading to a learning platform, or using with no
//    network at all.
// 2. Minifies the wasm-bindgen JavaScript with terser (trunk leaves it as is):
//    34 KB -> 15 KB, 6.7 KB -> 4.9 KB gzip.
// 3. Writes the widget's first frame into index.html (scripts/prerender.mjs).
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const read = (name) => fs.readFileSync(path.join(dir, name));
const languages = ['en', 'zh', 'en-more', 'zh-more'];
const need = ['tcp-widget.js', 'tcp-widget_bg.wasm', 'tcp-widget-host.js', 'widget.css', ...languages.map((l) => `content/${l}.txt`)];
for (const name of need) {
  if (!fs.existsSync(path.join(dir, name))) {
    console.error(`post-build: ${name} is missing in ${dir}`);
    process.exit(1);
  }
}
const pageCss = fs.readdirSync(dir).find((f) => /^page(-[0-9a-f]+)?\.css$/.test(f));

// wasm-bindgen's ES module, turned into plain statements: the inline module
// script below calls its init function directly.
let js = read('tcp-widget.js').toString('utf8');
const before = js.length;
js = js
  .replace(/^export\s+default\s+__wbg_init\s*;?\s*$/m, '')
  .replace(/^export\s*\{[^}]*\}\s*;?\s*$/gm, '')
  .replace(/^export\s+(?=(async\s+)?function|class|const|let|var)/gm, '');
if (/^\s*export\s/m.test(js) || js.length === before || !/function __wbg_init\b|async function __wbg_init\b/.test(js)) {
  console.error('post-build: unexpected shape of tcp-widget.js (wasm-bindgen changed?)');
  process.exit(1);
}
// "</script" inside the inlined code would end the script element early.
const safe = (text) => text.replace(/<\/(script)/gi, '<\\/$1');

const wasm = read('tcp-widget_bg.wasm').toString('base64');
const widgetCss = read('widget.css').toString('utf8');
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TCP: handshake and close, step by step</title>
<link rel="icon" href="data:,">
<style>${pageCss ? read(pageCss).toString('utf8') : ''}</style>
</head>
<body>
<main><div class="tcpw-host" data-tcp-widget="page"></div></main>
<noscript>This widget needs JavaScript and WebAssembly. / 本组件需要 JavaScript 和 WebAssembly。</noscript>
<script type="module">
globalThis.tcpWidget = Object.assign(globalThis.tcpWidget || {}, {
  cssText: ${safe(JSON.stringify(widgetCss))},
  content: { ${languages.map((l) => `'${l}': ${safe(JSON.stringify(read(`content/${l}.txt`).toString('utf8')))}`).join(', ')} },
});
${safe(read('tcp-widget-host.js').toString('utf8'))}
${safe(js)}
const wasmBase64 = "${wasm}";
const bytes = Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));
await __wbg_init({ module_or_path: bytes });
globalThis.tcpWidget.attach({ mount: mountElement, unmount: unmountElement });
</script>
</body>
</html>
`;
fs.writeFileSync(path.join(dir, 'tcp-widget-standalone.html'), html);
console.log(`post-build: wrote tcp-widget-standalone.html (${(html.length / 1024).toFixed(0)} KiB)`);

const { minify } = await import(new URL('../e2e/node_modules/terser/main.js', import.meta.url));
for (const name of ['tcp-widget.js', 'tcp-widget-embed.js', 'tcp-widget-host.js', 'tcp-widget-frame.js']) {
  const source = read(name).toString('utf8');
  const result = await minify(source, { module: true, compress: true, mangle: true });
  fs.writeFileSync(path.join(dir, name), result.code);
  console.log(`post-build: minified ${name} (${source.length} -> ${result.code.length} bytes)`);
}

// 3. The prerendered first frame in index.html (release builds only: it
//    renders the bundle in headless Chromium, a few seconds).
if ((process.env.TRUNK_PROFILE ?? 'release') === 'release') {
  await import(new URL('./prerender.mjs', import.meta.url));
}
