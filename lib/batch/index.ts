// Public exports of lib/batch/ (one construct or rule set per file).
export {};
