export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });
export type PdfDocumentProxy = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
export type PdfPageProxy = Awaited<ReturnType<PdfDocumentProxy['getPage']>>;

let pdfjs: Pdfjs | undefined;

/**
 * pdfjs-dist is ESM-only and the project compiles to CommonJS. The legacy build is loaded through
 * Node's own `require` (Node ≥ 20.19 loads ES modules synchronously): a plain `import()` would be
 * rewritten to `require` by SWC, and under jest that goes through jest's CommonJS loader, which
 * cannot evaluate `import.meta`. `process.getBuiltinModule` bypasses jest's module registry, so the
 * same code path runs in tests, under @swc-node/register and in the compiled app.
 */
export function loadPdfjs(): Pdfjs {
  if (!pdfjs) {
    const { createRequire } = process.getBuiltinModule('node:module');
    pdfjs = createRequire(__filename)('pdfjs-dist/legacy/build/pdf.mjs') as Pdfjs;
  }
  return pdfjs;
}
