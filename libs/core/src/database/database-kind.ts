export type DatabaseKind = 'postgres' | 'pglite';
