import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { AIMessage } from '@langchain/core/messages';
import { fromLangChain, generateText, loadSlmConfig, ModelRegistry, SeedChatModel, SeedEmbeddings } from '@app/slm';

describe('LangChain interop', () => {
  const registry = new ModelRegistry(loadSlmConfig({}));
  const passages = [{ text: 'Refunds take 5 business days.' }, { text: 'We ship worldwide.' }];

  it('exposes the embedder as LangChain Embeddings', async () => {
    const embeddings = new SeedEmbeddings(registry.embedder());
    const [doc] = await embeddings.embedDocuments(['refund policy']);
    const query = await embeddings.embedQuery('refund policy');
    expect(query).toHaveLength(384);
    expect(doc).toEqual(query);
  });

  it('exposes the generator as a LangChain chat model (invoke and stream, passages as call options)', async () => {
    const chat = new SeedChatModel({ generator: registry.generator() });
    const messages = [new SystemMessage('You are Seed.'), new HumanMessage('How long do refunds take?')];
    const reply = await chat.invoke(messages, { passages });
    expect(reply.content).toBe('Refunds take 5 business days [1].');
    const chunks: string[] = [];
    for await (const chunk of await chat.stream(messages, { passages })) chunks.push(chunk.text);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe('Refunds take 5 business days [1].');
  });

  it('accepts a LangChain chat model as a generator, streaming and with passages in the prompt', async () => {
    const model = new FakeStreamingChatModel({ responses: [new AIMessage('Five business days [1].')] });
    const generator = fromLangChain(model, { id: 'langchain:fake' });
    const tokens: string[] = [];
    for await (const token of generator.generate([{ role: 'user', content: 'How long?' }], { passages }))
      tokens.push(token);
    expect(tokens.join('')).toBe('Five business days [1].');
    expect(tokens.length).toBeGreaterThan(1);
    expect(generator.health()).toMatchObject({ spec: 'langchain:fake', provider: 'langchain', loaded: true });
    expect(await generateText(generator, [{ role: 'user', content: 'How long?' }], { maxNewTokens: 2 })).toHaveLength(
      2,
    );
  });
});
