// Public exports of lib/guards/ (one construct or rule set per file).
export {};
