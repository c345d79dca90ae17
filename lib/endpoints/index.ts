// Public exports of lib/endpoints/ (one construct or rule set per file).
export * from './model-source';
export * from './inference-model';
export * from './variant-endpoint-base';
export * from './realtime-endpoint';
export * from './async-traffic-profile';
export * from './async-endpoint';
export * from './serverless-endpoint';
