import { parseIngestArgs, UsageError } from './ingest-args';

const ID = '3f1c2a9e-7b8d-4c1e-9f00-1a2b3c4d5e6f';

describe('parseIngestArgs', () => {
  it('reads a path with its collection and --recursive', () => {
    expect(parseIngestArgs(['docs', '--collection', ID, '--recursive'])).toEqual({
      kind: 'files',
      path: 'docs',
      collectionId: ID,
      recursive: true,
    });
    expect(parseIngestArgs([`--collection=${ID}`, 'a.md'])).toMatchObject({ kind: 'files', recursive: false });
  });

  it('reads a URL with crawl options', () => {
    expect(
      parseIngestArgs(['https://example.com/help', '--collection', ID, '--max-pages', '10', '--max-depth', '0']),
    ).toEqual({
      kind: 'url',
      url: 'https://example.com/help',
      collectionId: ID,
      crawl: { sitemap: undefined, maxPages: 10, maxDepth: 0, resyncEveryMinutes: undefined },
    });
  });

  it.each([
    [['docs'], '--collection: the id of the collection to load into is required'],
    [['docs', '--collection', 'kb'], '--collection: expected a collection id (UUID), got "kb"'],
    [['--collection', ID], 'expected one file, folder or URL'],
    [['a', 'b', '--collection', ID], 'expected one file, folder or URL'],
    [['ftp://example.com/x', '--collection', ID], 'ftp://example.com/x: only http and https URLs can be crawled'],
    [['https://e.com', '--collection', ID, '--max-pages', 'ten'], '--max-pages: expected a whole number, got "ten"'],
    [
      ['https://e.com', '--collection', ID, '--max-pages', '5000'],
      'crawl.maxPages: expected a whole number from 1 to 1000',
    ],
    [
      ['https://e.com', '--collection', ID, '--resync-every', '1'],
      'crawl.resyncEveryMinutes: expected a whole number from 5',
    ],
    [['docs', '--collection', ID, '--colection', ID], "Unknown option '--colection'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseIngestArgs(argv)).toThrow(UsageError);
    expect(() => parseIngestArgs(argv)).toThrow(message);
  });
});
