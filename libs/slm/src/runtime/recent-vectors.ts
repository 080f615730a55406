/**
 * The vectors of the last few single texts embedded, least recently used dropped first. A visitor's
 * message is embedded by the intent classifier and then again as the retrieval query, the same redacted
 * text both times; with a neural encoder the second call cost as much as the first (a model is
 * deterministic, so the stored vector is the answer). Each caller gets its own copy to change freely.
 */
export class RecentVectors {
  private readonly vectors = new Map<string, number[]>();

  constructor(private readonly capacity: number) {}

  get(text: string): number[] | undefined {
    const vector = this.vectors.get(text);
    if (!vector) return undefined;
    this.vectors.delete(text); // re-inserted: Map keeps insertion order, so the oldest is first
    this.vectors.set(text, vector);
    return [...vector];
  }

  set(text: string, vector: number[]): void {
    if (this.capacity === 0) return;
    this.vectors.delete(text);
    this.vectors.set(text, [...vector]);
    if (this.vectors.size > this.capacity) this.vectors.delete(this.vectors.keys().next().value!);
  }
}
