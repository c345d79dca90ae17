import { parseArgs } from 'util';
import { CliError, EXIT_LIMIT_CROSSED, EXIT_OK, EXIT_UNUSABLE_INPUT } from './errors';
import { loadReport } from './load-report';
import { PriceBook } from '../pricing/price-book';
import { DEFAULT_REFRESH_TIMEOUT_SECONDS, runPricesRefresh } from './prices-refresh';
import { diffReports } from './report-diff';
import { renderDiffJson, renderDiffMarkdown, renderDiffTable } from './render-diff';
import { OUTPUT_FORMATS, OutputFormat, renderReport } from './render-report';
import type * as Validation from '../private/validation';
import { checkLimit, LimitCheck, parseIncreaseLimit } from './threshold';

/** Where the command writes: the process streams, or buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The default assembly folder, as `cdk synth` writes it. */
export const DEFAULT_ASSEMBLY = 'cdk.out';

export const USAGE = `Usage: cdk-cost <command> [options]

Commands:
  report [cdk.out|cost-report.json]    print the cost report of a synthesized app
                                       (default: ./${DEFAULT_ASSEMBLY})
  diff <base> [head]                   compare two reports: each a cost-report.json or a
                                       cdk.out folder (head default: ./${DEFAULT_ASSEMBLY})
  prices refresh [--region <region>]   fetch list prices from AWS's public Price List bulk
                                       files (no credentials) into a cache file that synth
                                       then reads (default regions: the stacks' in ./${DEFAULT_ASSEMBLY})
  prices coverage                      how much of the target matrix the price book prices,
                                       per block, with the oldest entry of each

Options:
  --format, -f table|json|markdown     output format (default: table)
  --fail-on-increase <amount>          diff: exit 1 when the expected monthly total rises by
                                       more than <amount>: 150 (USD a month) or 10% (of base)
  --fail-on-ceiling-increase <amount>  diff: the same on the ceiling total
  --region <region>                    prices refresh: region to fetch (repeatable)
  --source bulk|api                    prices refresh: the public bulk files (default), or the
                                       Price List API with your AWS credentials
  --base-url <url>                     prices refresh: where the bulk files are served
                                       (default: $CDK_COST_PRICE_LIST_URL or AWS's endpoint)
  --out <file>                         prices refresh: cache file (default: .cdk-cost/prices.json)
  --timeout <seconds>                  prices refresh: give up after this long (default: ${DEFAULT_REFRESH_TIMEOUT_SECONDS})
  --help, -h                           this help

Exit codes: 0 ok; 1 a --fail-on-... limit was crossed; 2 unusable input (the message says why).
`;

const OPTIONS = {
  'format': { type: 'string', short: 'f' },
  'fail-on-increase': { type: 'string', multiple: true },
  'fail-on-ceiling-increase': { type: 'string', multiple: true },
  'region': { type: 'string', multiple: true },
  'out': { type: 'string' },
  'timeout': { type: 'string' },
  'source': { type: 'string' },
  'base-url': { type: 'string' },
  'help': { type: 'boolean', short: 'h' },
} as const;

type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;

/**
 * Runs `cdk-cost` with the arguments after the program name and returns the exit code. Every
 * error a user can cause becomes one message on stderr and exit code 2, never a stack trace;
 * when a limit is crossed, the reason is the last line written.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    let parsed: Parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
      throw new CliError(`${(e as Error).message}\nRun 'cdk-cost --help' for usage.`);
    }
    const [command, ...rest] = parsed.positionals;
    if (parsed.values.help || command === undefined || command === 'help') {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    switch (command) {
      case 'report': return report(rest, parsed.values, io);
      case 'diff': return diff(rest, parsed.values, io);
      case 'prices': return await prices(rest, parsed.values, io);
      default: throw new CliError(`unknown command '${command}': expected report, diff or prices refresh. Run 'cdk-cost --help' for usage.`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`cdk-cost: ${e.message}\n`);
      return e.exitCode;
    }
    // A bug of ours, not the user's input: still one line, with the way to see more.
    io.stderr(`cdk-cost: unexpected error: ${(e as Error)?.message ?? String(e)}` +
      `${process.env.CDK_COST_DEBUG ? `\n${(e as Error)?.stack}` : ' (set CDK_COST_DEBUG=1 for the stack trace)'}\n`);
    return EXIT_UNUSABLE_INPUT;
  }
}

function formatOf(values: Parsed['values']): OutputFormat {
  const format = values.format ?? 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got: '${format}'`);
  }
  return format as OutputFormat;
}

function rejectOptions(values: Parsed['values'], command: string, names: (keyof typeof OPTIONS)[]): void {
  const given = names.filter(n => values[n] !== undefined);
  if (given.length > 0) throw new CliError(`${given.map(n => `--${n}`).join(', ')} does not apply to '${command}'`);
}

function report(args: string[], values: Parsed['values'], io: CliIo): number {
  rejectOptions(values, 'report', ['fail-on-increase', 'fail-on-ceiling-increase', 'region', 'out', 'timeout', 'source', 'base-url']);
  if (args.length > 1) throw new CliError(`report takes one cdk.out folder or cost-report.json, got: ${args.join(' ')}`);
  const format = formatOf(values);
  const loaded = loadReport(args[0] ?? DEFAULT_ASSEMBLY);
  io.stdout(renderReport(loaded.report, format));
  return EXIT_OK;
}

function diff(args: string[], values: Parsed['values'], io: CliIo): number {
  rejectOptions(values, 'diff', ['region', 'out', 'timeout', 'source', 'base-url']);
  if (args.length < 1 || args.length > 2) {
    throw new CliError(`diff takes a base and an optional head (each a cdk.out folder or cost-report.json), got: ${args.length === 0 ? 'nothing' : args.join(' ')}`);
  }
  const format = formatOf(values);
  // Parse the limits before reading any file: a typo in a flag should not wait for I/O.
  const limits = [
    ...(values['fail-on-increase'] ?? []).map(v => ({ flag: '--fail-on-increase', figure: 'expected' as const, limit: parseIncreaseLimit(v, '--fail-on-increase') })),
    ...(values['fail-on-ceiling-increase'] ?? []).map(v => ({ flag: '--fail-on-ceiling-increase', figure: 'ceiling' as const, limit: parseIncreaseLimit(v, '--fail-on-ceiling-increase') })),
  ];
  const base = loadReport(args[0]);
  const head = loadReport(args[1] ?? DEFAULT_ASSEMBLY);
  const result = diffReports(base.report, head.report, { base: base.label, head: head.label });
  const checks: LimitCheck[] = limits.map(l => checkLimit(l.flag, l.figure, l.limit,
    base.report.totals.monthlyUsd[l.figure], head.report.totals.monthlyUsd[l.figure]));
  switch (format) {
    case 'table': io.stdout(renderDiffTable(result)); break;
    case 'json': io.stdout(renderDiffJson(result, checks)); break;
    case 'markdown': io.stdout(renderDiffMarkdown(result, checks)); break;
  }
  // The reasons go last, on stderr, so they end a CI log and stay out of a redirected comment body.
  const crossed = checks.filter(c => c.crossed);
  for (const c of checks.filter(x => !x.crossed)) io.stderr(`cdk-cost: ${c.message}\n`);
  for (const c of crossed) io.stderr(`cdk-cost: FAIL: ${c.message}\n`);
  return crossed.length > 0 ? EXIT_LIMIT_CROSSED : EXIT_OK;
}

async function prices(args: string[], values: Parsed['values'], io: CliIo): Promise<number> {
  if (args[0] === 'coverage' && args.length === 1) {
    rejectOptions(values, 'prices coverage', ['fail-on-increase', 'fail-on-ceiling-increase', 'format', 'region', 'out', 'timeout', 'source', 'base-url']);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderCoverage } = require('../pricing/coverage') as typeof import('../pricing/coverage');
    io.stdout(renderCoverage(PriceBook.load()));
    return EXIT_OK;
  }
  rejectOptions(values, 'prices refresh', ['fail-on-increase', 'fail-on-ceiling-increase', 'format']);
  if (args[0] !== 'refresh' || args.length > 1) {
    throw new CliError(`expected 'cdk-cost prices refresh [--region <region>]' or 'cdk-cost prices coverage', got: prices ${args.join(' ')}`.trimEnd());
  }
  const source = values.source ?? 'bulk';
  if (source !== 'bulk' && source !== 'api') throw new CliError(`--source must be bulk or api, got: '${source}'`);
  if (values['base-url'] !== undefined && source !== 'bulk') throw new CliError('--base-url applies to --source bulk only');
  const regions = values.region ?? regionsOfAssembly(DEFAULT_ASSEMBLY);
  // Checked against aws-cdk-lib's region data, with the closest code (`us-east1` → `us-east-1`).
  // Loaded here, not at the top: it loads aws-cdk-lib, which `report` and `diff` never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { regionProblem } = require('../private/validation') as typeof Validation;
  const bad = regions.map(r => regionProblem(r)).filter((p): p is string => p !== undefined);
  if (bad.length > 0) throw new CliError(bad.map(p => `--region ${p}`).join('\n'));
  let timeoutSeconds = DEFAULT_REFRESH_TIMEOUT_SECONDS;
  if (values.timeout !== undefined) {
    timeoutSeconds = Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new CliError(`--timeout must be a number of seconds above 0, got: '${values.timeout}'`);
  }
  return runPricesRefresh({ regions, out: values.out, timeoutSeconds, source, baseUrl: values['base-url'] }, io);
}

/** The regions of the stacks in an assembly's cost report, for `prices refresh` without --region. */
function regionsOfAssembly(assembly: string): string[] {
  let regions: string[] = [];
  try {
    regions = [...new Set(loadReport(assembly).report.stacks.map(s => s.region))].sort();
  } catch (e) {
    throw new CliError(`prices refresh needs --region (e.g. --region us-east-1, repeatable), or a synthesized ./${assembly} ` +
      `to take the stacks' regions from: ${(e as Error).message}`);
  }
  if (regions.length === 0) throw new CliError(`prices refresh: ./${assembly}/cost-report.json has no stacks; give --region, e.g. --region us-east-1`);
  return regions;
}
