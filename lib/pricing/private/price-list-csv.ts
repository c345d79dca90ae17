import * as http from 'http';
import * as https from 'https';

/*
 * Reading AWS's public Price List bulk files without credentials, streamed.
 *
 * A regional offer file (`.../offers/v1.0/aws/<offer>/<version>/<region>/index.csv`) opens with
 * five two-column metadata rows, then the header, then one row per price dimension:
 *
 *   "FormatVersion","v1.0"
 *   "Disclaimer","This pricing list is for informational purposes only. ..."
 *   "Publication Date","2026-09-25T17:45:21Z"
 *   "Version","20260925174521"
 *   "OfferCode","AmazonEC2"
 *   "SKU","OfferTermCode","RateCode","TermType","PriceDescription","EffectiveDate","StartingRange","EndingRange",
 *   "Unit","PricePerUnit","Currency",...,"Product Family","serviceCode","Location",...,"usageType","operation",...,"Region Code",...
 *
 * EC2's file is several gigabytes: it is read line by line and only the rows a caller keeps are held.
 */

/** The metadata of an offer file, from its preamble. */
export interface PriceListPreamble {
  readonly formatVersion?: string;
  readonly publicationDate?: string;
  readonly version?: string;
  readonly offerCode?: string;
}

/** Splits one CSV record into fields (RFC 4180 quoting: `""` is a quote inside a quoted field). */
export function parseCsvRecord(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quoted field in CSV record: ${line.slice(0, 120)}`);
        value += line.slice(i, q);
        if (line[q + 1] === '"') { value += '"'; i = q + 2; continue; }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (line[i] === ',') i++;
      else if (i < line.length) throw new Error(`unexpected character after a quoted field in CSV record: ${line.slice(0, 120)}`);
      else break;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) { fields.push(line.slice(i)); break; }
      fields.push(line.slice(i, c));
      i = c + 1;
    }
  }
  return fields;
}

/** True when a line ends inside a quoted field (a record that continues on the next line). */
function opensQuote(line: string): boolean {
  let inside = false;
  for (let i = 0; i < line.length; i++) if (line[i] === '"') inside = !inside;
  return inside;
}

/** Options of `streamPriceListCsv`. */
export interface StreamOptions {
  /** Aborts the download (the caller's deadline). */
  readonly signal: AbortSignal;
  /** Gives up when no byte arrives for this long, in milliseconds. */
  readonly idleTimeoutMs: number;
  /** Called about every 8 MiB with the bytes and rows read so far. */
  readonly onProgress?: (bytes: number, rows: number) => void;
}

/**
 * Downloads a Price List CSV and calls `onRow` for each data row with its fields by header name.
 * Resolves with the preamble when the whole file has been read; rejects on an HTTP status other
 * than 200, a connection cut before the end, malformed CSV, or the deadline.
 */
export function streamPriceListCsv(url: string, options: StreamOptions,
  onRow: (row: Record<string, string>) => void): Promise<PriceListPreamble> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (e: Error) => { if (!settled) { settled = true; reject(e); } };
    const request = get(url, options.signal, response => {
      if (response.statusCode !== 200) {
        response.resume();
        fail(new Error(`GET ${url} answered HTTP ${response.statusCode}`));
        return;
      }
      const expected = Number(response.headers['content-length'] ?? NaN);
      const preamble: Record<string, string> = {};
      let header: string[] | undefined;
      let pending = '';
      let partial = '';
      let bytes = 0;
      let rows = 0;
      let nextProgress = 8 * 1024 * 1024;
      const handleLine = (raw: string) => {
        const line = partial + raw.replace(/\r$/, '');
        if (opensQuote(line)) { partial = line + '\n'; return; }
        partial = '';
        if (line.length === 0) return;
        const fields = parseCsvRecord(line);
        if (!header) {
          if (fields.length === 2 && Object.keys(preamble).length < 5 && fields[0] !== 'SKU') {
            preamble[fields[0]] = fields[1];
            return;
          }
          header = fields;
          return;
        }
        if (fields.length !== header.length) throw new Error(`a row of ${url} has ${fields.length} fields, the header ${header.length}`);
        const row: Record<string, string> = {};
        for (let i = 0; i < header.length; i++) row[header[i]] = fields[i];
        rows++;
        onRow(row);
      };
      response.setEncoding('utf8');
      response.setTimeout(options.idleTimeoutMs, () => response.destroy(new Error(`no data from ${url} for ${options.idleTimeoutMs / 1000} s`)));
      response.on('data', (chunk: string) => {
        if (settled) return;
        bytes += Buffer.byteLength(chunk);
        pending += chunk;
        try {
          let nl = pending.indexOf('\n');
          while (nl >= 0) {
            handleLine(pending.slice(0, nl));
            pending = pending.slice(nl + 1);
            nl = pending.indexOf('\n');
          }
        } catch (e) {
          response.destroy();
          fail(e as Error);
          return;
        }
        if (bytes >= nextProgress) { options.onProgress?.(bytes, rows); nextProgress += 8 * 1024 * 1024; }
      });
      response.on('aborted', () => fail(new Error(`the connection to ${url} was cut after ${bytes} bytes`)));
      response.on('error', e => fail(new Error(`reading ${url} failed after ${bytes} bytes: ${e.message}`)));
      response.on('end', () => {
        if (settled) return;
        if (!response.complete || (Number.isFinite(expected) && bytes < expected)) {
          fail(new Error(`the connection to ${url} was cut after ${bytes} of ${Number.isFinite(expected) ? expected : '?'} bytes`));
          return;
        }
        try {
          if (pending.length > 0) handleLine(pending);
          if (partial.length > 0) throw new Error(`${url} ends inside a quoted field`);
          if (!header) throw new Error(`${url} has no header row: is it a Price List CSV?`);
        } catch (e) {
          fail(e as Error);
          return;
        }
        options.onProgress?.(bytes, rows);
        settled = true;
        resolve({ formatVersion: preamble.FormatVersion, publicationDate: preamble['Publication Date'], version: preamble.Version, offerCode: preamble.OfferCode });
      });
    });
    request.on('error', e => fail(new Error(`GET ${url} failed: ${e.message}`)));
  });
}

/** Downloads a small JSON file (a region index). */
export function fetchJson<T>(url: string, options: Pick<StreamOptions, 'signal' | 'idleTimeoutMs'>): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = get(url, options.signal, response => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET ${url} answered HTTP ${response.statusCode}`));
        return;
      }
      let body = '';
      response.setEncoding('utf8');
      response.setTimeout(options.idleTimeoutMs, () => response.destroy(new Error(`no data from ${url} for ${options.idleTimeoutMs / 1000} s`)));
      response.on('data', (c: string) => { body += c; });
      response.on('error', e => reject(new Error(`reading ${url} failed: ${e.message}`)));
      response.on('aborted', () => reject(new Error(`the connection to ${url} was cut`)));
      response.on('end', () => {
        if (!response.complete) { reject(new Error(`the connection to ${url} was cut`)); return; }
        try {
          resolve(JSON.parse(body) as T);
        } catch (e) {
          reject(new Error(`${url} is not JSON: ${(e as Error).message}`));
        }
      });
    });
    request.on('error', e => reject(new Error(`GET ${url} failed: ${e.message}`)));
  });
}

function get(url: string, signal: AbortSignal, onResponse: (r: http.IncomingMessage) => void): http.ClientRequest {
  const client = url.startsWith('https:') ? https : http;
  return client.get(url, { signal, headers: { 'accept-encoding': 'identity' } }, onResponse);
}
