// Public exports only. Folders: pricing/ (price book), cost/ (usage, pricers, report),
// graph/ (links between resources, shared by cost and checks), and one folder per construct family.
export * from './pricing/price-entry';
export * from './pricing/price-book';
export * from './pricing/instance-types';
export * from './graph/resource-graph';
export * from './cost/report-schema';
export * from './cost/traffic-profile';
export * from './cost/capacity-schedule';
export * from './cost/usage';
export * from './cost/pricing-context';
export * from './cost/pricers';
export * from './cost/cost-engine';
export * from './cost/cost-report';
export * from './cost/render';
export * from './endpoints';
export * from './batch';
export * from './training';
export * from './fleet';
export * from './guards';
export * from './checks';
export * from './cli';
