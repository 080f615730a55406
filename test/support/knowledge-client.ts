import { json, TestApp } from './test-app';
import { waitFor } from './wait-for';

export interface UploadFile {
  name: string;
  bytes: Buffer;
  type?: string;
}

/** A small HTTP client for the knowledge endpoints, bound to one app and one API key. */
export function knowledgeClient(t: TestApp, key: string) {
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${key}`,
        ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  const documentPath = (collectionId: string, id = '') => `/v1/collections/${collectionId}/documents${id && `/${id}`}`;
  return {
    call,
    async createCollection(name: string): Promise<string> {
      const response = await call('/v1/collections', { method: 'POST', body: JSON.stringify({ name }) });
      if (response.status !== 201) throw new Error(`create collection: ${response.status}`);
      return (await json(response)).id;
    },
    uploadFiles(collectionId: string, files: UploadFile[], metadata?: Record<string, unknown>) {
      const form = new FormData();
      if (metadata) form.append('metadata', JSON.stringify(metadata));
      for (const file of files) form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
      return call(documentPath(collectionId), { method: 'POST', body: form });
    },
    uploadText(collectionId: string, title: string, text: string, metadata?: Record<string, unknown>) {
      return call(documentPath(collectionId), { method: 'POST', body: JSON.stringify({ title, text, metadata }) });
    },
    /** A new collection holding `pages`, every one ingested and ready (throws otherwise). */
    async createReadyCollection(name: string, pages: { title: string; text: string }[]): Promise<string> {
      const collectionId = await this.createCollection(name);
      for (const page of pages) {
        const uploaded = (await json(await this.uploadText(collectionId, page.title, page.text))).data[0];
        const settled = await this.settled(collectionId, uploaded.id);
        if (settled.status !== 'ready') throw new Error(`${page.title} did not ingest: ${settled.error}`);
      }
      return collectionId;
    },
    getDocument: (collectionId: string, id: string) => call(documentPath(collectionId, id)),
    /** Waits until the document is ready or failed, and returns it. */
    async settled(collectionId: string, id: string) {
      return waitFor(`document ${id} to settle`, async () => {
        const document = await json(await call(documentPath(collectionId, id)));
        return ['ready', 'failed'].includes(document.status) && document;
      });
    },
    retrieve(body: Record<string, unknown>) {
      return call('/v1/retrieve', { method: 'POST', body: JSON.stringify(body) });
    },
  };
}
