// Public exports of lib/fleet/ (one construct or rule set per file).
export * from './inference-fleet';
