import { PushStream } from './push-stream';

describe('PushStream', () => {
  it('yields values pushed before and after the reader starts, then ends', async () => {
    const stream = new PushStream<string>();
    stream.push('a');
    setTimeout(() => {
      stream.push('b');
      stream.end();
      stream.push('ignored');
    }, 1);
    const seen: string[] = [];
    for await (const value of stream) seen.push(value);
    expect(seen).toEqual(['a', 'b']);
  });

  it('delivers buffered values before the failure', async () => {
    const stream = new PushStream<number>();
    stream.push(1);
    stream.fail(new Error('broken'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of stream) seen.push(value);
      })(),
    ).rejects.toThrow('broken');
    expect(seen).toEqual([1]);
  });
});
