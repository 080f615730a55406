import { escapeHtml, renderDemoPage, renderHelpPage } from './demo-page';

const TEMPLATE = '<main>{{WIDGET_NOTICE}}<pre>{{SNIPPET}}</pre><ul>{{HELP_LINKS}}</ul>{{UNKNOWN}}</main>{{WIDGET}}';
const helpPages = [{ slug: 'shipping-and-delivery', title: 'Shipping & <delivery>' }];

describe('renderDemoPage', () => {
  it('embeds the widget with the demo site key and shows the snippet as text', () => {
    const html = renderDemoPage(TEMPLATE, { siteKey: 'site_demo', origin: 'http://localhost:3000', helpPages });
    expect(html).toContain('<script src="/widget.js" data-site-key="site_demo" async></script>');
    expect(html).toContain(
      '<pre>&#60;script src=&#34;http://localhost:3000/widget.js&#34; data-site-key=&#34;site_demo&#34; async&#62;&#60;/script&#62;</pre>',
    );
    expect(html).toContain('<li><a href="/demo/help/shipping-and-delivery">Shipping &#38; &#60;delivery&#62;</a></li>');
    expect(html).not.toContain('not set up');
    expect(html).toContain('{{UNKNOWN}}');
  });

  it('says the demo is not set up, without a widget tag, when there is no site key', () => {
    const html = renderDemoPage(TEMPLATE, { siteKey: null, origin: 'http://localhost:3000', helpPages: [] });
    expect(html).toContain('The demo is not set up');
    expect(html).not.toContain('<script');
  });

  it('escapes the site key and never interprets $ patterns in it', () => {
    const html = renderDemoPage(TEMPLATE, { siteKey: '"><script>$&$1', origin: 'http://x', helpPages: [] });
    expect(html).toContain('data-site-key="&#34;&#62;&#60;script&#62;$&#38;$1"');
    expect(html).not.toContain('"><script>');
  });
});

describe('renderHelpPage', () => {
  it('renders Markdown and shows raw HTML as text', () => {
    const html = renderHelpPage({
      title: 'Returns <b>',
      markdown: '# Returns\n\nFree within **30 days**.\n\n<script>x()</script>',
    });
    expect(html).toContain('<h1>Returns</h1>');
    expect(html).toContain('<strong>30 days</strong>');
    expect(html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(html).toContain('<title>Returns &#60;b&#62; · Brightdesk help center</title>');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });
});
