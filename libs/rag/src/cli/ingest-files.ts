import { Dirent, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { UsageError } from './ingest-args';

export interface IngestFile {
  path: string;
  /** The file's name relative to the folder given (its name alone for a single file): its identity in the collection. */
  name: string;
  size: number;
}

export interface FileListing {
  files: IngestFile[];
  /** Subfolders left out because --recursive was not given. */
  skippedFolders: number;
}

/**
 * The files to load, sorted: the file itself, or a folder's files (subfolders with --recursive).
 * Hidden files and folders (a leading dot) are skipped, and symlinked folders are not entered.
 */
export async function listIngestFiles(target: string, recursive: boolean): Promise<FileListing> {
  let root;
  try {
    root = statSync(target);
  } catch {
    throw new UsageError(`${target}: no such file or folder`, false);
  }
  if (root.isFile()) return { files: [{ path: target, name: basename(target), size: root.size }], skippedFolders: 0 };
  if (!root.isDirectory()) throw new UsageError(`${target}: not a file or a folder`, false);
  const listing: FileListing = { files: [], skippedFolders: 0 };
  await walk(target, target, recursive, listing);
  listing.files.sort((a, b) => a.name.localeCompare(b.name));
  return listing;
}

async function walk(root: string, folder: string, recursive: boolean, listing: FileListing): Promise<void> {
  const entries: Dirent[] = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (recursive) await walk(root, path, recursive, listing);
      else listing.skippedFolders++;
      continue;
    }
    const info = entry.isSymbolicLink() ? await stat(path).catch(() => null) : await stat(path);
    if (info?.isFile()) listing.files.push({ path, name: relative(root, path), size: info.size });
  }
}
