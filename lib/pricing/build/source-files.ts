import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** Where the committed source extracts live. */
export const SOURCES_DIR = path.join(__dirname, '..', 'sources');

/** The day the pinned originals were fetched and cut into extracts (ISO date). */
export const EXTRACT_FETCH_DATE = '2026-12-01';

/** One committed extract: where it was cut from, when, under which license, with both hashes. */
export interface SourceManifestEntry {
  /** The extract's file name in `lib/pricing/sources/`. */
  readonly extract: string;
  /** `owner/repo@<full commit>:path`, an npm package and path, or a URL. */
  readonly origin: string;
  /** A link a reader can open. */
  readonly url: string;
  /** When the origin published the figures (ISO date): the commit that last changed the file, or the release. */
  readonly published: string;
  /** When the original was fetched (ISO date). */
  readonly fetched: string;
  /** sha256 of the original file at that commit (absent for hand-kept extracts with many origins). */
  readonly originalSha256?: string;
  /** sha256 of the committed extract file. */
  readonly extractSha256: string;
  /** The origin's license. */
  readonly license: string;
  /** What the extract holds and which rows were kept. */
  readonly what: string;
}

/** `lib/pricing/sources/manifest.json`. */
export interface SourceManifest {
  readonly extracts: SourceManifestEntry[];
}

/** An extract file: its records by key. */
export interface SourceExtract<T = unknown> {
  readonly extract: string;
  readonly records: Record<string, T>;
}

/** JSON with object keys sorted at every level, one space indent, trailing newline: the same bytes for the same data. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 1) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export function sha256OfFile(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function readManifest(): SourceManifest {
  return JSON.parse(fs.readFileSync(path.join(SOURCES_DIR, 'manifest.json'), 'utf-8')) as SourceManifest;
}

export function readExtract<T>(name: string): SourceExtract<T> {
  return JSON.parse(fs.readFileSync(path.join(SOURCES_DIR, name), 'utf-8')) as SourceExtract<T>;
}
