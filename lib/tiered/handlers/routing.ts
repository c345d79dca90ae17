// The router's decisions, as pure functions of the request and the routing table (data in the
// Lambda's environment, set by TieredInferenceApi): which priority class a request is in, and
// which path that class takes. No AWS call here, so they are tested on their own.

/** The three paths. The values are also the `InferenceType` cost-allocation tag values. */
export type Tier = 'Realtime' | 'Async' | 'Batch';

/** The router's configuration. */
export interface RouterConfig {
  /** Priority class → path, e.g. `{ "interactive": "Realtime", "standard": "Async", "bulk": "Batch" }`. */
  readonly routes: { [priorityClass: string]: Tier };
  /** Where the class is read: a header or a top-level field of a JSON body. */
  readonly prioritySource: 'header' | 'body';
  /** The header or field name. */
  readonly priorityName: string;
  /** The class of a request that names none. */
  readonly defaultClass: string;
  /** The real-time endpoint, when the Realtime path exists. */
  readonly realtimeEndpointName?: string;
  /**
   * The inference component to call on that endpoint (`InvokeEndpoint`'s `InferenceComponentName`),
   * when the real-time path is one model of a `ComponentEndpoint`; absent for a one-model endpoint.
   */
  readonly realtimeInferenceComponentName?: string;
  /** The async path: queue, and the endpoint's bucket and prefixes. */
  readonly asyncQueueUrl?: string;
  readonly asyncBucket?: string;
  readonly asyncInputPrefix?: string;
  readonly asyncStatusPrefix?: string;
  readonly asyncOutputPrefix?: string;
  /** The batch path: the transform's input bucket and prefix, and its output URI prefix. */
  readonly batchBucket?: string;
  readonly batchPrefix?: string;
  readonly batchOutputUri?: string;
}

/** The configuration from the Lambda's environment. */
export function routerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RouterConfig {
  const routes = JSON.parse(env.ROUTES ?? '{}');
  return {
    routes,
    prioritySource: env.PRIORITY_SOURCE === 'body' ? 'body' : 'header',
    priorityName: env.PRIORITY_NAME ?? 'X-Inference-Priority',
    defaultClass: env.DEFAULT_CLASS ?? '',
    realtimeEndpointName: env.REALTIME_ENDPOINT_NAME || undefined,
    realtimeInferenceComponentName: env.REALTIME_INFERENCE_COMPONENT_NAME || undefined,
    asyncQueueUrl: env.ASYNC_QUEUE_URL || undefined,
    asyncBucket: env.ASYNC_BUCKET || undefined,
    asyncInputPrefix: env.ASYNC_INPUT_PREFIX ?? 'input/',
    asyncStatusPrefix: env.ASYNC_STATUS_PREFIX ?? 'requests/',
    asyncOutputPrefix: env.ASYNC_OUTPUT_PREFIX ?? 'output/',
    batchBucket: env.BATCH_BUCKET || undefined,
    batchPrefix: env.BATCH_PREFIX ?? '',
    batchOutputUri: env.BATCH_OUTPUT_URI || undefined,
  };
}

/** The route of one request, or why it has none (a 400 for the caller). */
export type RouteDecision =
  | { readonly ok: true; readonly priorityClass: string; readonly tier: Tier }
  | { readonly ok: false; readonly message: string };

/**
 * The priority class of a request (the header, case-insensitive, or the JSON body's field;
 * the default class when absent) and the path its class takes.
 */
export function decideRoute(config: RouterConfig, headers: { [name: string]: string | undefined } | null | undefined, body: string | undefined): RouteDecision {
  let priorityClass: string | undefined;
  if (config.prioritySource === 'header') {
    const wanted = config.priorityName.toLowerCase();
    const key = Object.keys(headers ?? {}).find(k => k.toLowerCase() === wanted);
    priorityClass = key ? headers![key]?.trim() || undefined : undefined;
  } else if (body) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { ok: false, message: `the body must be JSON with a '${config.priorityName}' field naming the priority class (or none, for '${config.defaultClass}')` };
    }
    const value = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)[config.priorityName] : undefined;
    if (value !== undefined && typeof value !== 'string') {
      return { ok: false, message: `'${config.priorityName}' must be a string naming a priority class, got: ${JSON.stringify(value)}` };
    }
    priorityClass = value;
  }
  priorityClass = priorityClass ?? config.defaultClass;
  const tier = Object.prototype.hasOwnProperty.call(config.routes, priorityClass) ? config.routes[priorityClass] : undefined;
  if (!tier) {
    const source = config.prioritySource === 'header' ? `header ${config.priorityName}` : `field '${config.priorityName}'`;
    return { ok: false, message: `unknown priority class '${priorityClass}' in ${source}: expected one of ${Object.keys(config.routes).map(c => `'${c}'`).join(', ')}` };
  }
  return { ok: true, priorityClass, tier };
}

/** An S3 URI. */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
