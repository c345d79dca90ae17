import type { PricingClient } from '@aws-sdk/client-pricing';
import type * as Bulk from '../pricing/bulk-refresher';
import type * as Refresher from '../pricing/price-refresher';
import { DEFAULT_PRICE_CACHE_FILE, PriceBookFile } from '../pricing/price-book';
import { PriceBookKind, PriceEntry } from '../pricing/price-entry';
import { CliError, EXIT_OK } from './errors';

/** How long `prices refresh` may take before it gives up, in seconds. */
export const DEFAULT_REFRESH_TIMEOUT_SECONDS = 120;

/** How long one connection attempt to the Pricing API may take: no network fails fast. */
const CONNECTION_TIMEOUT_MS = 3000;
/** How long one request may wait for its answer. */
const REQUEST_TIMEOUT_MS = 20000;
/** How long resolving credentials may take (the SDK's chain ends with the EC2 metadata service). */
const CREDENTIALS_TIMEOUT_MS = 10000;

/** Options of `cdk-cost prices refresh`. */
export interface PricesRefreshOptions {
  /** The regions to fetch prices for. */
  readonly regions: readonly string[];
  /**
   * The cache file to write.
   *
   * @default - `.cdk-cost/prices.json`, the file synth reads
   */
  readonly out?: string;
  /** Give up after this many seconds. */
  readonly timeoutSeconds: number;
  /**
   * `bulk`: AWS's public Price List bulk files, no credentials. `api`: the Price List Query API
   * (`pricing:GetProducts`), with the caller's AWS credentials.
   *
   * @default 'bulk'
   */
  readonly source?: 'bulk' | 'api';
  /**
   * Where the bulk files are served (bulk only).
   *
   * @default - `$CDK_COST_PRICE_LIST_URL`, else `https://pricing.us-east-1.amazonaws.com`
   */
  readonly baseUrl?: string;
}

/** What the command needs from outside, replaceable in tests. */
export interface PricesRefreshDeps {
  /** The Pricing API client; its credentials are checked before the first call. */
  readonly client?: PricingClient;
  /** The refresher module. @default - `lib/pricing/price-refresher` */
  readonly refresher?: Pick<typeof Refresher, 'refreshPrices' | 'writePriceCache'>;
}

/**
 * Fetches list prices for each region from AWS's public Price List bulk files (default), or from
 * the Price List API with `source: 'api'`, and writes them to the price cache synth layers over the
 * embedded snapshot. The cache is written once, at the end, through a temporary file: a run that
 * fails (HTTP error, cut connection, timeout) leaves the previous cache as it was.
 */
export async function runPricesRefresh(options: PricesRefreshOptions, io: { stdout(text: string): void; stderr(text: string): void },
  deps: PricesRefreshDeps = {}): Promise<number> {
  if ((options.source ?? 'bulk') === 'api') return runApiRefresh(options, io, deps);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bulk = require('../pricing/bulk-refresher') as typeof Bulk;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const refresher = deps.refresher ?? (require('../pricing/price-refresher') as typeof Refresher);
  const out = options.out ?? DEFAULT_PRICE_CACHE_FILE;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError('downloading the AWS Price List bulk files')), options.timeoutSeconds * 1000);
  try {
    const book = await bulk.refreshPricesFromBulk({
      regions: options.regions,
      baseUrl: options.baseUrl,
      signal: controller.signal,
      onProgress: message => io.stderr(`cdk-cost: ${message}\n`),
    });
    for (const region of options.regions) {
      const count = book.entries.filter(e => e.region === region).length;
      if (count === 0) throw new CliError(`the Price List bulk files have no price this library uses for ${region}: is it a region code AWS prices?`);
      io.stderr(`cdk-cost: ${region}: ${count} prices\n`);
    }
    const written = refresher.writePriceCache(book, out);
    io.stdout(wroteMessage(written));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (controller.signal.aborted) throw new CliError(explain(controller.signal.reason, options.timeoutSeconds));
    throw new CliError(`price refresh from the AWS Price List bulk files failed: ${(e as Error).message}. ` +
      'The price cache was not changed. Check the network (or HTTPS_PROXY), or use --source api with AWS credentials.');
  } finally {
    clearTimeout(timer);
  }
}

function wroteMessage(written: { file: string; entryCount: number }): string {
  return `Wrote ${written.entryCount} prices to ${written.file}. \`cdk synth\` now prices from it ` +
    '(the report says "refreshed price cache"); delete the file to go back to the embedded snapshot.\n';
}

/**
 * The `--source api` path: list prices for each region from the AWS Pricing API. Fails with a
 * `CliError` (exit 2) and a message that says what to do when there are no credentials, no
 * network, or no permission, and gives up after `timeoutSeconds`: it never hangs.
 */
async function runApiRefresh(options: PricesRefreshOptions, io: { stdout(text: string): void; stderr(text: string): void },
  deps: PricesRefreshDeps): Promise<number> {
  // Loaded here, not at the top: the AWS SDK takes a moment to load and `report`/`diff` never need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const refresher = deps.refresher ?? (require('../pricing/price-refresher') as typeof Refresher);
  const client = deps.client ?? createClient();
  const out = options.out ?? DEFAULT_PRICE_CACHE_FILE;
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  try {
    await withDeadline(resolveCredentials(client), Math.min(CREDENTIALS_TIMEOUT_MS, options.timeoutSeconds * 1000),
      'resolving AWS credentials');
    const entries: PriceEntry[] = [];
    let date = '';
    for (const region of options.regions) {
      let skipped = 0;
      const book = await withDeadline(
        refresher.refreshPrices({ region, client, onSkip: () => { skipped++; } }),
        deadline - Date.now(), `fetching prices for ${region}`);
      if (book.entries.length === 0) {
        throw new CliError(`the Pricing API returned no price this library uses for ${region} (${skipped} products skipped): is it a region code AWS prices?`);
      }
      entries.push(...book.entries);
      date = book.date;
      io.stderr(`cdk-cost: ${region}: ${book.entries.length} prices (${skipped} products skipped)\n`);
    }
    // One write, once every region is in: a failure half-way leaves the cache as it was.
    const all: PriceBookFile = { schemaVersion: 1, kind: PriceBookKind.CACHE, date, entries };
    io.stdout(wroteMessage(refresher.writePriceCache(all, out)));
    return EXIT_OK;
  } catch (e) {
    throw e instanceof CliError ? e : new CliError(explain(e, options.timeoutSeconds));
  } finally {
    if (!deps.client) client.destroy();
  }
}

function createClient(): PricingClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const refresher = require('../pricing/price-refresher') as typeof Refresher;
  let Client: typeof PricingClient;
  try {
    Client = refresher.loadPricingSdk().PricingClient;
  } catch (e) {
    // Not installed (the package does not depend on it): exit 2 with what to do, not a stack trace.
    throw (e as Error).message === refresher.PRICING_SDK_MISSING ? new CliError(refresher.PRICING_SDK_MISSING) : e;
  }
  // The Pricing API answers from us-east-1 whatever region is priced. Short connection timeout
  // and few attempts: with no network the command fails in seconds instead of retrying for minutes.
  return new Client({
    region: 'us-east-1',
    maxAttempts: 2,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
}

async function resolveCredentials(client: PricingClient): Promise<void> {
  const provider = client.config.credentials as unknown;
  if (typeof provider === 'function') await (provider as () => Promise<unknown>)();
}

class DeadlineError extends Error {}

async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what)), Math.max(ms, 0));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const NETWORK_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED'];

/** One message a person can act on, from an error thrown anywhere in the SDK or the refresher. */
export function explain(error: unknown, timeoutSeconds: number): string {
  if (error instanceof DeadlineError) {
    return `gave up after ${timeoutSeconds} s while ${error.message}: check the network (or proxy) to the AWS Price List, ` +
      'or allow more time with --timeout <seconds>. The price cache was not changed.';
  }
  const chain: Array<Error & { code?: string; name: string }> = [];
  for (let e = error as (Error & { cause?: unknown }) | undefined; e && chain.length < 5; e = e.cause as typeof e) chain.push(e as never);
  const text = chain.map(e => `${e.name} ${e.code ?? ''} ${e.message}`).join(' ');
  const last = chain[0]?.message ?? String(error);
  if (/CredentialsProviderError|Could not load credentials|credential/i.test(text) && !/AccessDenied/.test(text)) {
    return 'no AWS credentials found: the AWS Pricing API needs an identity allowed pricing:GetProducts. ' +
      `Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run 'aws sso login'. (${last})`;
  }
  if (/AccessDenied|UnrecognizedClient|InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken/.test(text)) {
    return `the AWS Pricing API refused the request: the identity needs pricing:GetProducts and valid, unexpired credentials. (${last})`;
  }
  if (NETWORK_CODES.some(c => text.includes(c)) || /TimeoutError|RequestTimeout|socket hang up|getaddrinfo|connect/i.test(text)) {
    return `cannot reach the AWS Pricing API: check the network (or HTTPS_PROXY) and try again. (${last})`;
  }
  return `price refresh failed: ${last}`;
}
