// Public exports of lib/batch/ (one construct or rule set per file).
export * from './job-options';
export * from './batch-transform-pipeline';
export * from './bedrock-batch-job';
