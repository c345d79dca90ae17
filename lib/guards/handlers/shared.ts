// Helpers shared by the guard handlers. Bundled into each Lambda by esbuild; the AWS SDK v3
// clients come from the Lambda runtime.

/** One thing a guard did or chose not to do, logged as one JSON line. */
export interface GuardAction {
  /** What the action was about, e.g. a notebook instance name. */
  readonly resource: string;
  /** `stopped`, `would-stop` (dry run), `skipped`, `failed`, `scaled-down`, ... */
  readonly outcome: string;
  /** Why: the rule that decided, or the error message. */
  readonly reason: string;
  /** Extra facts (running hours, capacities). */
  readonly details?: Record<string, unknown>;
}

/** Writes one structured log line (CloudWatch Logs Insights reads the fields). */
export function log(guard: string, action: GuardAction): void {
  console.log(JSON.stringify({ guard, ...action }));
}

/** Retry settings for calls that AWS may throttle. */
export interface RetryOptions {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  /** Delay before the first retry; doubled each time, with jitter. */
  readonly baseDelayMs: number;
}

/** The retry settings a handler uses unless its environment says otherwise. */
export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 5, baseDelayMs: 200 };

const THROTTLING_ERRORS = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException',
  'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'LimitExceededException',
]);

/** True when the error is AWS asking us to slow down. */
export function isThrottling(error: unknown): boolean {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!e) return false;
  return THROTTLING_ERRORS.has(e.name ?? '') || THROTTLING_ERRORS.has(e.Code ?? '') || e.$metadata?.httpStatusCode === 429;
}

/**
 * Calls `fn`, retrying with exponential backoff while AWS throttles. The SDK retries too, but
 * a sweep over hundreds of notebooks can exhaust its budget; this outer loop keeps one busy
 * minute from failing the whole run.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isThrottling(error) || attempt >= options.maxAttempts) throw error;
      const delay = options.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}

/** Reads a JSON environment variable, or the fallback when it is not set. */
export function envJson<T>(name: string, fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return JSON.parse(raw) as T;
}

/** Reads a boolean environment variable (`true`/`false`). */
export function envFlag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw === 'true';
}

/** Retry settings from `RETRY_MAX_ATTEMPTS` and `RETRY_BASE_DELAY_MS`. */
export function retryFromEnv(): RetryOptions {
  return {
    maxAttempts: Number(process.env.RETRY_MAX_ATTEMPTS ?? DEFAULT_RETRY.maxAttempts),
    baseDelayMs: Number(process.env.RETRY_BASE_DELAY_MS ?? DEFAULT_RETRY.baseDelayMs),
  };
}

/** The message of an error, for a log line. */
export function messageOf(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}
