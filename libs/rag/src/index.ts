// Public face of @app/rag. Other libs and apps import from here, never from deep paths.
export * from './parsing/document.exceptions';
export * from './parsing/parsed-document.types';
export { detectDocumentType } from './parsing/detect-document-type';
export { parseDocument } from './parsing/parse-document';
export * from './chunking/document-chunk.types';
export { chunkDocument } from './chunking/chunk-document';
export * from './evaluation/beir-dataset.types';
export { readBeirDataset } from './evaluation/beir-dataset.reader';
export { writeBeirDataset } from './evaluation/beir-dataset.writer';
