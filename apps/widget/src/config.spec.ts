import { DEFAULT_THEME, isSafeColor, readableTextColor, readWidgetOptions, resolveTheme } from './config';

const attributes =
  (values: Record<string, string>) =>
  (name: string): string | null =>
    values[name] ?? null;

describe('readWidgetOptions', () => {
  it('talks to the server that served the script', () => {
    const options = readWidgetOptions(
      'https://chat.example:8443/widget.js?v=2',
      attributes({ 'data-site-key': 'site_abc' }),
    );
    expect(options).toEqual({
      siteKey: 'site_abc',
      namespaceUrl: 'https://chat.example:8443/widget',
      socketPath: '/socket.io',
      overrides: {},
      position: 'right',
    });
  });

  it('keeps a reverse proxy prefix in the socket.io path', () => {
    const options = readWidgetOptions(
      'https://shop.example/seed/widget.js',
      attributes({ 'data-site-key': 'site_abc' }),
    );
    expect(options.namespaceUrl).toBe('https://shop.example/widget');
    expect(options.socketPath).toBe('/seed/socket.io');
  });

  it('reads the theme attributes and drops a colour that is not plain colour syntax', () => {
    const options = readWidgetOptions(
      'http://localhost:3000/widget.js',
      attributes({
        'data-site-key': 'site_abc',
        'data-title': '  Brightdesk help ',
        'data-greeting': 'Hi!',
        'data-color': 'red; background: url(https://evil.example)',
        'data-position': 'left',
      }),
    );
    expect(options.overrides).toEqual({ title: 'Brightdesk help', greeting: 'Hi!' });
    expect(options.position).toBe('left');
  });

  it.each([
    [{}, /data-site-key/],
    [{ 'data-site-key': '  ' }, /data-site-key/],
    [{ 'data-site-key': 'site "x"' }, /data-site-key/],
  ])('refuses a missing or malformed site key %p', (values, message) => {
    expect(() => readWidgetOptions('https://chat.example/widget.js', attributes(values))).toThrow(message);
  });

  it('refuses a src it cannot derive a server from', () => {
    const site = attributes({ 'data-site-key': 'site_abc' });
    expect(() => readWidgetOptions('', site)).toThrow(/cannot tell the server/);
    expect(() => readWidgetOptions('file:///tmp/widget.js', site)).toThrow(/http\(s\), not file:/);
  });
});

describe('resolveTheme', () => {
  it('lets page attributes override the tenant theme, which overrides the defaults', () => {
    const server = { title: 'Acme support', color: '#ff0000', greeting: 'Welcome to Acme' };
    expect(resolveTheme(server, { title: 'Page title' })).toEqual({ ...server, title: 'Page title' });
    expect(resolveTheme(null, {})).toEqual(DEFAULT_THEME);
  });

  it('ignores an unsafe or empty server theme value', () => {
    expect(resolveTheme({ title: '', color: 'url(x)', greeting: 'Hi' }, {})).toEqual({
      ...DEFAULT_THEME,
      greeting: 'Hi',
    });
  });

  it('shortens a very long title', () => {
    expect(resolveTheme({ title: 'x'.repeat(100) }, {}).title).toHaveLength(60);
  });
});

describe('colours', () => {
  it.each(['#0f766e', '#FFF', '#11223344', 'rgb(15, 118, 110)', 'hsl(200 50% 40% / 0.9)', 'teal'])('accepts %p', (c) =>
    expect(isSafeColor(c)).toBe(true),
  );

  it.each(['red;}', 'url(x)', 'expression(alert(1))', '#12', 'rgb(1,2,3) !important', ''])('refuses %p', (c) =>
    expect(isSafeColor(c)).toBe(false),
  );

  it('picks readable text on the accent colour', () => {
    expect(readableTextColor('#2563eb')).toBe('#ffffff');
    expect(readableTextColor('#fde047')).toBe('#111827');
    expect(readableTextColor('#fff')).toBe('#111827');
    expect(readableTextColor('teal')).toBe('#ffffff');
  });
});
