import { Embeddings } from '@langchain/core/embeddings';
import { Embedder } from '../slm.types';

/** A Seed embedder as LangChain `Embeddings`, so LangChain vector stores and retrievers can use it. */
export class SeedEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embedder.embed(documents);
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedder.embed([document]);
    return vector;
  }
}
