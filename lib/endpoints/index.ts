// Public exports of lib/endpoints/ (one construct or rule set per file).
export {};
