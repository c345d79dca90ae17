// Public exports of lib/checks/: the CostAwareChecks pack, its rules and the report advisors.
export * from './cost-aware-checks';
export * from './notebook-coverage';
export * from './rules';
export * from './advisors';
