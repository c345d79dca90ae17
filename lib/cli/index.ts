// The `cdk-cost` command line: report, diff, prices refresh. Pure functions, usable from code too.
export * from './errors';
export * from './load-report';
export * from './report-diff';
export * from './render-diff';
export * from './render-report';
export * from './threshold';
export * from './prices-refresh';
export * from './main';
