// Public exports of lib/training/ (one construct or rule set per file).
export * from './spot-training-job';
