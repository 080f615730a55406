import { readSseData } from './sse-parser';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSseData(body)) out.push(data);
  return out;
}

describe('readSseData', () => {
  it('yields each event, across chunk boundaries and CRLF endings', async () => {
    expect(await collect(chunks('data: {"a":1}\n\nda', 'ta: {"b":2}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n'))).toEqual(
      ['{"a":1}', '{"b":2}', '[DONE]'],
    );
  });

  it('joins multi-line data, skips other fields and keeps a last event without a blank line', async () => {
    expect(await collect(chunks('event: message\ndata: one\ndata: two\n\nid: 3\ndata:last'))).toEqual([
      'one\ntwo',
      'last',
    ]);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: café\n\n');
    async function* split() {
      yield bytes.slice(0, 10);
      yield bytes.slice(10);
    }
    expect(await collect(split())).toEqual(['café']);
  });
});
