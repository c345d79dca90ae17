// Public exports of lib/checks/ (one construct or rule set per file).
export {};
