"""One JavaScript evaluation that measures a presentation screen: whether the document or Streamlit's main
column scrolls (down or sideways), every visible text's font size (the smallest ones listed), and the body text's
(elements with the class np-pres-body and everything inside them but marks and count chips)."""

MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const out = {doc: document.scrollingElement.scrollHeight, inner: innerHeight,
               main: main.scrollHeight, mainClient: main.clientHeight,
               wide: document.scrollingElement.scrollWidth, innerWidth: innerWidth,
               texts: 0, bodyTexts: 0, minSize: 1000, minBody: 1000, small: [], bodySmall: []};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('style, script, noscript, template, .np-sr')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) continue;
    const size = parseFloat(cs.fontSize);
    out.texts += 1;
    out.minSize = Math.min(out.minSize, size);
    if (size < 14) out.small.push([text.slice(0, 40), size]);
    if (el.closest('.np-pres-body') && !el.closest('.np-mark, .np-chips')) {  // badges are not body text
      out.bodyTexts += 1;
      out.minBody = Math.min(out.minBody, size);
      if (size < 18) out.bodySmall.push([text.slice(0, 40), size]);
    }
  }
  return out;
}"""
