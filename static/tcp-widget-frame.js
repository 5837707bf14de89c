// Shows the prerendered first frame that fits this visit, before the
// WebAssembly arrives: index.html holds the default lesson's first screen in
// English and Chinese, wide and narrow (scripts/prerender.mjs). This picks
// the language the widget will speak (?lang=, else the browser's), the
// colours it will use (?theme=, else the system's) and the width, and shows
// that one; the widget replaces it in place once it has rendered. A page
// asked for another lesson (any other parameter) shows its loading line
// instead: its first frame is not prerendered.
// No imports: it runs as soon as it arrives, not after the widget's code.
{
  const params = new URLSearchParams(location.search);
  const plain = [...params.keys()].every((k) => k === 'lang' || k === 'theme') && !location.hash;
  for (const host of document.querySelectorAll('[data-tcp-widget="page"]')) {
    const frames = [...(host.shadowRoot?.querySelectorAll('.tcpw-prerender') ?? [])];
    if (!plain || frames.length === 0) continue;
    const asked = params.get('lang');
    const lang = asked === 'en' || asked === 'zh' ? asked : /^zh\b/i.test(navigator.language || '') ? 'zh' : 'en';
    const themeAsked = params.get('theme');
    const dark = themeAsked === 'dark' || (themeAsked !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
    const width = host.clientWidth >= 960 ? 'wide' : 'narrow';
    const frame = frames.find((f) => f.dataset.lang === lang && f.dataset.width === width);
    if (!frame) continue;
    frame.querySelector('.tcpw')?.setAttribute('data-scheme', dark ? 'dark' : 'light');
    frame.hidden = false;
  }
}
