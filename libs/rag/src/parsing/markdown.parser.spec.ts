import { expectOffsetsIndexIntoText } from '../testing/parsed-document.assertions';
import { parseDocument } from './parse-document';

const parseMarkdownString = (source: string) => parseDocument(Buffer.from(source), { filename: 'guide.md' });

describe('parseDocument: Markdown', () => {
  it('nests headings into paths and pops back up on a shallower heading', async () => {
    const parsed = await parseMarkdownString(
      [
        '# Install',
        'Download the *installer*.',
        '## Linux',
        'Use the `.deb` package.',
        '### Arch',
        'Use the AUR.',
        '## Windows',
        'Run the [setup](https://example.com/setup.exe).',
        'Setext heading\n--------------',
        'Under setext.',
      ].join('\n\n'),
    );
    expect(parsed.type).toBe('markdown');
    expect(parsed.title).toBe('Install');
    expect(parsed.sections.map((s) => [s.headingPath, s.text])).toEqual([
      [['Install'], 'Download the installer.'],
      [['Install', 'Linux'], 'Use the .deb package.'],
      [['Install', 'Linux', 'Arch'], 'Use the AUR.'],
      [['Install', 'Windows'], 'Run the setup.'],
      [['Install', 'Setext heading'], 'Under setext.'],
    ]);
    expectOffsetsIndexIntoText(parsed);
  });

  it('takes the title from front matter and leaves the metadata out of the text', async () => {
    const parsed = await parseMarkdownString(
      '---\ntitle: "Returns guide"\nauthor: ops\n---\n# Returns\n\nWithin 30 days.',
    );
    expect(parsed.title).toBe('Returns guide');
    expect(parsed.text).toBe('Returns\n\nWithin 30 days.');
  });

  it('keeps code blocks verbatim and sanitises raw HTML', async () => {
    const parsed = await parseMarkdownString(
      '# API\n\n```js\nconst a  =  1;\n  indented();\n```\n\n<script>alert(1)</script>\n\n<div onmouseover="x()">Hover text</div>\n',
    );
    expect(parsed.sections[0].text).toBe('const a  =  1;\n  indented();\n\nHover text');
  });

  it('handles Windows line endings', async () => {
    const parsed = await parseMarkdownString('# A\r\n\r\nline one\r\nline two\r\n');
    expect(parsed.sections[0]).toMatchObject({ headingPath: ['A'], text: 'line one line two' });
  });
});
