// Public exports of lib/guards/ (one construct or rule set per file).
export * from './idle-notebook-stopper';
export * from './budget-guard';
