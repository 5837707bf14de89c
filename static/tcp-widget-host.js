// Browser chores the widget hands to JavaScript, because here they cost a few
// hundred bytes and in Rust tens of kilobytes of WebAssembly bindings:
// offering a file download, copying to the clipboard, turning the drawn
// timeline into a standalone SVG file, keeping the learner's progress, and
// reading a capture file (unwrapping gzip). The widget calls them as
// tcpWidget.save / copy / svgFile / load / store / readCapture (src/loader.rs).
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

  /**
   * The learner's progress lives in localStorage. A browser may refuse it
   * (private mode, a sandboxed frame, a full quota) by throwing: then
   * nothing is kept, and the widget carries on.
   */
  tcpWidget.load = (key) => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  };
  tcpWidget.store = (key, text) => {
    try {
      localStorage.setItem(key, text);
    } catch {
      // Refused: the progress stays in this page only.
    }
  };

  /**
   * A capture file the learner chose, as `{ bytes, gzip, whole }`. A gzip
   * file (first bytes 1f 8b 08, as the model's Compression::Gzip tells it:
   * Wireshark's "compress with gzip",
   * `.pcapng.gz`) comes decompressed by the browser's own
   * DecompressionStream, keeping at most `limit` + 1 bytes: more than `limit`
   * means too big, and the rest of the stream is not read, so a small file
   * that would unpack to gigabytes costs nothing more. `whole` is false when
   * the gzip data ended early or was damaged after some bytes came out (or
   * held several members, of which the browser reads the first): `bytes`
   * are those, and the reader says the file is cut. Damaged before any byte,
   * or a browser without DecompressionStream, rejects with 'gzip'.
   */
  tcpWidget.readCapture = async (file, limit) => {
    const data = new Uint8Array(await file.arrayBuffer());
    if (data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 8) return { bytes: data, gzip: false, whole: true };
    const parts = [];
    let size = 0;
    let whole = true;
    try {
      const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
      while (size <= limit) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        size += value.length;
      }
      if (size > limit) reader.cancel().catch(() => {});
    } catch {
      if (!size) throw 'gzip';
      whole = false;
    }
    const bytes = new Uint8Array(Math.min(size, limit + 1));
    let at = 0;
    for (const part of parts) {
      const n = Math.min(part.length, bytes.length - at);
      bytes.set(part.subarray(0, n), at);
      at += n;
    }
    return { bytes, gzip: true, whole };
  };

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

  /**
   * Called by the loader once the WebAssembly runs, with its mount and
   * unmount functions: mounts every `[data-tcp-widget]` on the page, then
   * follows the page (hosts added later are mounted, hosts removed are
   * unmounted, so no timer or animation frame outlives its widget), and
   * offers `tcpWidget.mount(el, options)` / `tcpWidget.unmount(el)` to
   * frameworks that manage their own DOM.
   */
  tcpWidget.attach = ({ mount, unmount }) => {
    const live = new Set();
    const start = (el) => {
      if (!live.has(el)) {
        live.add(el);
        mount(el);
      }
    };
    const stop = (el) => {
      if (live.delete(el)) unmount(el);
    };
    const scan = (root) => {
      if (root.matches?.('[data-tcp-widget]')) start(root);
      root.querySelectorAll?.('[data-tcp-widget]').forEach(start);
    };
    scan(document);
    new MutationObserver((records) => {
      let removed = false;
      for (const r of records) {
        r.addedNodes.forEach((n) => n.nodeType === 1 && scan(n));
        removed ||= r.removedNodes.length > 0;
      }
      // A host moved elsewhere is still connected: it keeps running.
      if (removed) for (const el of [...live]) if (!el.isConnected) stop(el);
    }).observe(document.documentElement, { childList: true, subtree: true });
    tcpWidget.mount = (el, options = {}) => {
      for (const [key, value] of Object.entries(options)) el.setAttribute(`data-${key}`, String(value));
      if (!el.hasAttribute('data-tcp-widget')) el.setAttribute('data-tcp-widget', '');
      stop(el);
      start(el);
    };
    tcpWidget.unmount = stop;
  };
}
