// Browser chores the widget hands to JavaScript, because here they cost a few
// hundred bytes and in Rust tens of kilobytes of WebAssembly bindings:
// offering a file download, copying to the clipboard, and turning the drawn
// timeline into a standalone SVG file. The widget calls them as
// tcpWidget.save / tcpWidget.copy / tcpWidget.svgFile (src/host.rs).
// This file has no imports or exports: the loader imports it and the
// single-file build inlines it as it is.
{
  const tcpWidget = (globalThis.tcpWidget = globalThis.tcpWidget || {});

  /** Offers `data` (bytes or text) as a download named `name`; no server involved. */
  tcpWidget.save = (data, type, name) => {
    const url = URL.createObjectURL(new Blob([data], { type }));
    const a = Object.assign(document.createElement('a'), { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  /** Copies `text`; resolves to whether the browser allowed it. */
  tcpWidget.copy = (text) =>
    navigator.clipboard ? navigator.clipboard.writeText(text).then(() => true, () => false) : Promise.resolve(false);

  // What an exported SVG needs to look as it does on screen (system fonts only).
  const props = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linejoin', 'opacity',
    'font-family', 'font-size', 'font-weight', 'font-style', 'paint-order', 'letter-spacing', 'display'];

  /** The SVG element `svg` as a standalone document: computed styles inline, a background, no interaction hints. */
  tcpWidget.svgFile = (svg) => {
    const copy = svg.cloneNode(true);
    const originals = svg.querySelectorAll('*');
    copy.querySelectorAll('*').forEach((el, i) => {
      const computed = getComputedStyle(originals[i]);
      el.setAttribute('style', props.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';'));
      el.removeAttribute('tabindex');
      el.removeAttribute('role');
    });
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.setAttribute('role', 'img'); // a picture now, no longer a group of controls
    copy.setAttribute('style', `background:${getComputedStyle(svg).getPropertyValue('--bg').trim() || '#fff'}`);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
  };
}
