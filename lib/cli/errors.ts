/** Exit codes of `cdk-cost`: a contract with CI pipelines. */
export const EXIT_OK = 0;
/** A `--fail-on-...` limit was crossed. */
export const EXIT_LIMIT_CROSSED = 1;
/** Unusable input: a missing file, a file that is not a report, bad arguments, no credentials. */
export const EXIT_UNUSABLE_INPUT = 2;

/**
 * An error the user can act on: printed as one message, without a stack trace, and the process
 * exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode: number = EXIT_UNUSABLE_INPUT) {
    super(message);
    this.name = 'CliError';
  }
}
