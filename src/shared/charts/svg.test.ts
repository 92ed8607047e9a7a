import { describe, expect, it } from 'vitest';
import { attrs, escapeXml, px, text } from './svg';
import { checkChart, parseXml } from './testing';
import { textWidth, truncate } from './text';

describe('escapeXml', () => {
  it('escapes the five XML specials, so a label can neither open a tag nor close an attribute', () => {
    expect(escapeXml(`<b a="x" b='y'>&amp;</b>`)).toBe('&lt;b a=&quot;x&quot; b=&apos;y&apos;&gt;&amp;amp;&lt;/b&gt;');
    expect(parseXml(`<svg a="${escapeXml('"><script>')}">${escapeXml('</svg><script>')}</svg>`).text).toBe('</svg><script>');
  });
});

describe('px', () => {
  it('writes at most two decimals, never -0 or an exponent', () => {
    expect([px(1 / 3), px(-0.001), px(1e-9), px(12), px(2.005), px(123456.789)]).toEqual(['0.33', '0', '0', '12', '2.01', '123456.79']);
    expect(() => px(NaN)).toThrow(/not finite/);
  });
  it('attrs leaves out null, undefined and false, and escapes values', () => {
    expect(attrs({ a: 1.234, b: null, c: undefined, d: false, e: '<"', f: 0 })).toBe(' a="1.23" e="&lt;&quot;" f="0"');
    expect(text('a<b', { x: 0 })).toBe('<text x="0">a&lt;b</text>');
  });
});

describe('the XML checker (it must be able to fail)', () => {
  it.each([
    ['<svg><g></svg>', /closes/],
    ['<svg a="1" a="2"/>', /duplicate/],
    ['<svg>&foo;</svg>', /unknown entity/],
    ['<svg>a & b</svg>', /bare &/],
    ['<svg a=1/>', /needs/],
    ['<svg><g/></svg><svg/>', /after the root/],
    ['<svg>', /never closed/],
    ['<svg a="<"/>', /inside attribute/],
    ['<svg><!-- x --></svg>', /comments/],
  ])('rejects %s', (src, why) => {
    expect(() => parseXml(src)).toThrow(why);
  });
  it('decodes entities and keeps nesting', () => {
    const root = parseXml('<svg x="&lt;&#65;&#x42;"><g><title>a &amp; b</title></g><rect/></svg>');
    expect(root.attrs.x).toBe('<AB');
    expect(root.children.map((c) => c.name)).toEqual(['g', 'rect']);
    expect(root.children[0].children[0].text).toBe('a & b');
  });
  it('checkChart refuses a chart without its accessible name or with a script', () => {
    const ok = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1" role="img" aria-label="a" font-family="f" style="font-variant-numeric: tabular-nums"><title>a</title></svg>';
    expect(checkChart(ok).name).toBe('svg');
    expect(() => checkChart(ok.replace(' role="img"', ''))).toThrow(/role/);
    expect(() => checkChart(ok.replace('<title>a</title>', ''))).toThrow(/title/);
    expect(() => checkChart(ok.replace('</svg>', '<script/></svg>'))).toThrow(/script/);
    expect(() => checkChart(ok.replace('</svg>', '<rect x="NaN"/></svg>'))).toThrow(/NaN/);
  });
});

describe('text measure', () => {
  it('is monotone in length and truncates to fit with an ellipsis', () => {
    expect(textWidth('abc', 12)).toBeLessThan(textWidth('abcd', 12));
    expect(textWidth('mmm', 12)).toBeGreaterThan(textWidth('iii', 12));
    const t = truncate('a rather long feature name', 60, 12);
    expect(t.endsWith('…')).toBe(true);
    expect(textWidth(t, 12)).toBeLessThanOrEqual(60);
    expect(truncate('short', 200, 12)).toBe('short');
    expect(truncate('anything', 3, 12)).toBe('');
  });

  it('counts the ellipsis at its width in DejaVu Sans (a full em), so a cut label does not spill past its room', () => {
    // Measured in DejaVu Sans at 11 px, "4 (mollusc.et…" is about 83 px; counted with a narrow ellipsis it passed
    // as fitting 80 px and ran out of the π chart's label column.
    expect(textWidth('…', 11)).toBe(11);
    expect(textWidth(truncate('4 (mollusc.et.al)', 80, 11), 11)).toBeLessThanOrEqual(80);
    expect(truncate('4 (mollusc.et.al)', 80, 11)).not.toBe('4 (mollusc.et…');
  });
});
