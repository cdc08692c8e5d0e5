// Run in the page of a built email (tests/test_email_presentation.py): every
// visible piece of text, its colour, the background it is drawn on (the
// nearest ancestor with an opaque background, else the page's canvas) and
// the WCAG contrast ratio between them; the page's overflow; the fonts.
(() => {
  const parse = (css) => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const probe = document.createElement("div");
  probe.style.backgroundColor = "Canvas";
  document.body.appendChild(probe);
  const canvas = parse(getComputedStyle(probe).backgroundColor);
  probe.remove();
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    const root = parse(getComputedStyle(document.documentElement).backgroundColor);
    return root && root.a > 0.5 ? root : canvas;
  };
  const texts = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || style.visibility === "hidden" || Number(style.opacity) === 0) continue;
    const fg = parse(style.color), bg = background(el);
    texts.push({
      text: el.innerText.trim().slice(0, 50),
      tag: el.tagName.toLowerCase(),
      lang: (el.closest("[lang]") || document.documentElement).getAttribute("lang"),
      color: style.color,
      background: `rgb(${bg.r}, ${bg.g}, ${bg.b})`,
      ratio: Math.round(ratio(fg, bg) * 100) / 100,
      font: style.fontFamily,
    });
  }
  return {
    texts,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // Each table's wrapper: a wide table scrolls inside it (scrollWidth > clientWidth), not the page.
    tables: Array.from(document.querySelectorAll("div.table")).map((box) => ({
      scrollWidth: box.scrollWidth,
      clientWidth: box.clientWidth,
    })),
  };
})()
