import { expectOffsetsIndexIntoText } from '../testing/parsed-document.assertions';
import { parseDocument } from './parse-document';

const parseHtmlString = (html: string) => parseDocument(Buffer.from(html), { filename: 'page.html' });

describe('parseDocument: HTML', () => {
  it('follows h1–h6 into heading paths and keeps <title> as title', async () => {
    const parsed = await parseHtmlString(`<!doctype html><html><head><title>Help Centre</title></head><body>
      <h1>Billing</h1><p>Invoices are sent monthly.</p>
      <h2>Refunds</h2><p>Refunds take <b>14&nbsp;days</b>.</p>
      <h3>Exceptions</h3><p>Gift cards are final.</p>
      <h2>Payment methods</h2><ul><li>Card</li><li>Bank transfer</li></ul>
      <h1>Shipping</h1><table><tr><th>Region</th><th>Days</th></tr><tr><td>EU</td><td>3</td></tr></table>
    </body></html>`);
    expect(parsed.title).toBe('Help Centre');
    expect(parsed.sections.map((s) => [s.headingPath, s.text])).toEqual([
      [['Billing'], 'Invoices are sent monthly.'],
      [['Billing', 'Refunds'], 'Refunds take 14 days.'],
      [['Billing', 'Refunds', 'Exceptions'], 'Gift cards are final.'],
      [['Billing', 'Payment methods'], '- Card\n\n- Bank transfer'],
      [['Shipping'], 'Region | Days\n\nEU | 3'],
    ]);
    expectOffsetsIndexIntoText(parsed);
  });

  it('drops scripts, styles, event handlers and hidden elements without running anything', async () => {
    const marker = '__seedScriptRan';
    const parsed = await parseHtmlString(`<html><head><style>body{color:red}</style>
      <script>globalThis.${marker} = true</script></head><body>
      <p onclick="globalThis.${marker}=true">Visible <img src="x" onerror="globalThis.${marker}=true">text</p>
      <script type="module">document.write('injected')</script><noscript>enable js</noscript>
      <div hidden>secret</div><span style="display: none">also secret</span><p aria-hidden="true">icon</p>
      <iframe src="javascript:alert(1)">frame text</iframe><a href="javascript:alert(1)">link text</a>
    </body></html>`);
    expect(parsed.text).toBe('Visible text\n\nlink text');
    expect(parsed.text).not.toMatch(/color|globalThis|injected|enable js|secret|icon|frame text/);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('keeps preformatted text as written and <br> as a line break', async () => {
    const parsed = await parseHtmlString('<h1>Code</h1><pre>if (x) {\n    run();\n}</pre><p>one<br>two</p>');
    expect(parsed.sections[0].text).toBe('if (x) {\n    run();\n}\n\none\ntwo');
  });

  it('reads a fragment without <html>/<body> and uses the first h1 as title', async () => {
    const parsed = await parseDocument(Buffer.from('<h1>FAQ</h1><p>Ask us &amp; we answer.</p>'), {
      mimeType: 'text/html',
    });
    expect(parsed.title).toBe('FAQ');
    expect(parsed.sections[0]).toMatchObject({ headingPath: ['FAQ'], text: 'Ask us & we answer.' });
  });

  it('puts text before the first heading in a section with an empty heading path', async () => {
    const parsed = await parseHtmlString('<p>Intro</p><h2>Details</h2><p>More</p>');
    expect(parsed.sections.map((s) => s.headingPath)).toEqual([[], ['Details']]);
  });

  it('fails a page with no visible text', async () => {
    await expect(
      parseHtmlString('<html><body><script>x()</script><img src="a.png"></body></html>'),
    ).rejects.toMatchObject({
      code: 'DocumentParseFailed',
      reason: 'document contains no readable text',
    });
  });
});
