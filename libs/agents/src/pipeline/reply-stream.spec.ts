import { ReplyStream } from './reply-stream';

async function readAll(stream: AsyncIterable<string>): Promise<string[]> {
  const tokens: string[] = [];
  for await (const token of stream) tokens.push(token);
  return tokens;
}

describe('ReplyStream', () => {
  it('yields word tokens that join back into the sentences written, separated by one space', async () => {
    const stream = new ReplyStream();
    const reading = readAll(stream);
    stream.writeSentence('Refunds take five days [1].');
    await Promise.resolve();
    stream.writeSentence('Express parcels arrive the next morning [2].');
    stream.end();
    const tokens = await reading;
    expect(tokens.slice(0, 2)).toEqual(['Refunds', ' take']);
    expect(tokens.join('')).toBe('Refunds take five days [1]. Express parcels arrive the next morning [2].');
    expect(stream.written).toBe(tokens.join(''));
  });

  it('buffers for a reader that comes late, and ignores writes after the end', async () => {
    const stream = new ReplyStream();
    stream.write('All done.');
    stream.end();
    stream.write(' Too late.');
    expect((await readAll(stream)).join('')).toBe('All done.');
  });

  it('delivers what was written before a failure, then throws it', async () => {
    const stream = new ReplyStream();
    stream.writeSentence('First [1].');
    stream.fail(new Error('visitor left'));
    const tokens: string[] = [];
    await expect(
      (async () => {
        for await (const token of stream) tokens.push(token);
      })(),
    ).rejects.toThrow('visitor left');
    expect(tokens).toEqual(['First', ' [1].']);
  });
});
