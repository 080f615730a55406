/**
 * The text a stored chunk is embedded from: its document title and heading path before its text, as
 * chunking builds it at ingestion (chunks keep their text and heading path, not the prefixed text).
 * Ingestion prefixes the title parsed from the file when there is one, which can differ from the stored
 * document title; the vectors then differ slightly, never the chunk itself.
 */
export function reembeddingText(chunk: { text: string; headingPath: string[]; documentTitle: string }): string {
  const title = chunk.documentTitle;
  const path = title && chunk.headingPath[0] !== title ? [title, ...chunk.headingPath] : chunk.headingPath;
  return path.length > 0 ? `${path.join(' > ')}\n\n${chunk.text}` : chunk.text;
}
