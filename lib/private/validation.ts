import { Annotations, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { InstanceTypeUse } from '../catalog/instance-catalog';
import { InstanceTypeInfo, parseInstanceType } from '../pricing/instance-types';
import { closestMatches } from '../pricing/suggest';

// The one validation helper of the library: every construct collects the problems with its
// props here and throws them once, as
//
//   Invalid <Construct> props at <path>:
//     - <prop> must be ..., got: <value>
//
// Each check names the prop, the value received and what is allowed, and skips values that are
// still tokens (they are checked by CloudFormation at deploy, and their cost line is unpriced).
// Values are checked at run time as well as by the types, for JavaScript callers.

/** The prefix of every warning id this library adds (`Annotations.of(x).addWarningV2`). */
export const WARNING_ID_PREFIX = 'cdk-cost-aware-inference:';

/** A value as a message quotes it: strings in quotes, everything else as JSON. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** How a value of the wrong type is described: `the string '8'`, `a boolean (true)`. */
function describeType(value: unknown): string {
  if (typeof value === 'string') return `the string '${value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${quote(value)})`;
  return `a ${typeof value} (${quote(value)})`;
}

/** True when a value is known at synth time (defined and not a token). */
export function isKnown(value: unknown): boolean {
  return value !== undefined && !Token.isUnresolved(value);
}

/** Collects every problem with a construct's props, then throws them as one error. */
export class Problems {
  private readonly items: string[] = [];

  /**
   * `constructName` as users know it (`RealtimeEndpoint`), `scope` the construct (for its path;
   * none for what is not a construct, such as a rule pack created without a scope).
   */
  constructor(private readonly constructName: string, private readonly scope?: IConstruct) {}

  /** Adds a problem: name the prop, the value received and what is allowed. */
  public add(message: string): void {
    this.items.push(message);
  }

  /** Adds several problems. */
  public addAll(messages: readonly string[]): void {
    messages.forEach(m => this.add(m));
  }

  /** The problems collected so far. */
  public get count(): number {
    return this.items.length;
  }

  /**
   * A number (not a numeric string: `'8'` is refused with a message saying the type is wrong).
   * Returns true when the value is a known number the caller can check further.
   */
  public number(prop: string, value: unknown): value is number {
    if (!isKnown(value)) return false;
    if (typeof value !== 'number') {
      this.add(`${prop} must be a number, got ${describeType(value)}`);
      return false;
    }
    return true;
  }

  /** A whole number of at least `least` (and at most `most`, when given). */
  public wholeNumber(prop: string, value: unknown, least: number, most?: number): void {
    if (!this.number(prop, value)) return;
    if (!Number.isInteger(value) || value < least || (most !== undefined && value > most)) {
      const range = most === undefined ? `of at least ${least}` : `from ${least} to ${most}`;
      this.add(`${prop} must be a whole number ${range}, got: ${value}`);
    }
  }

  /** A finite number above 0, in `unit`. */
  public positive(prop: string, value: unknown, unit: string): void {
    if (!this.number(prop, value)) return;
    if (!Number.isFinite(value) || value <= 0) this.add(`${prop} must be a number of ${unit} above 0, got: ${value}`);
  }

  /** A string (not a number or an object). Returns true when it is a known string. */
  public string(prop: string, value: unknown): value is string {
    if (!isKnown(value)) return false;
    if (typeof value !== 'string') {
      this.add(`${prop} must be a string, got ${describeType(value)}`);
      return false;
    }
    return true;
  }

  /**
   * One of the values of an enum (a closed set): JavaScript callers can pass any string, which
   * must never fall through to a default. `enumName` is how the fix is spelled (`WindowDays`).
   */
  public oneOf(prop: string, value: unknown, values: { readonly [key: string]: string }, enumName: string): void {
    const problem = oneOfProblem(prop, value, values, enumName);
    if (problem) this.add(problem);
  }

  /** An instance type AWS offers for `use`; returns it parsed, or undefined (token or not offered). */
  public instanceType(prop: string, value: unknown, use: InstanceTypeUse): InstanceTypeInfo | undefined {
    if (!this.string(prop, value)) return undefined;
    const info = parseInstanceType(value, use);
    if (typeof info === 'string') {
      this.add(`${prop}: ${info}`);
      return undefined;
    }
    return info;
  }

  /**
   * A SageMaker resource name (model, endpoint, variant, job): 1 to 63 letters, digits and
   * hyphens, starting and ending with a letter or digit (`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`).
   */
  public sageMakerName(prop: string, value: unknown): void {
    if (!this.string(prop, value)) return;
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(value)) {
      const fix = value.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
      this.add(`${prop} must be 1 to 63 letters, digits or hyphens, starting and ending with a letter or digit, got: '${value}'` +
        (fix ? ` (e.g. '${fix}')` : ''));
    }
  }

  /** An email address: something@domain.tld, no spaces, not empty. */
  public email(prop: string, value: unknown): void {
    if (!this.string(prop, value)) return;
    if (!EMAIL.test(value)) {
      this.add(`${prop} must be an email address such as 'ml-team@example.com', got: '${value}'` +
        (value.trim() === '' ? ' (an empty string: was it split from an empty environment variable?)' : ''));
    }
  }

  /**
   * An S3 key or prefix inside a bucket given separately: not an `s3://` URI (which would give
   * `s3://bucket/s3://...`), and no leading `/`.
   */
  public s3Key(prop: string, value: unknown): void {
    if (!this.string(prop, value)) return;
    const uri = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(value);
    if (uri) {
      this.add(`${prop} must be a key or prefix inside the bucket, not an s3:// URI, got: '${value}'` +
        ` (the bucket is given separately: use '${uri[2]}' with bucket '${uri[1]}')`);
    } else if (value.startsWith('/')) {
      this.add(`${prop} must not start with '/' (S3 keys do not), got: '${value}'`);
    }
  }

  /** An IANA time zone (`Europe/Paris`, `UTC`, a link such as `US/Eastern`), spelled as the tz database does. */
  public timeZone(prop: string, value: unknown): void {
    if (!this.string(prop, value)) return;
    const problem = timeZoneProblem(value);
    if (problem) this.add(`${prop} ${problem}`);
  }

  /** An AWS region code that aws-cdk-lib knows (`us-east-1`). */
  public region(prop: string, value: unknown): void {
    if (!this.string(prop, value)) return;
    const problem = regionProblem(value);
    if (problem) this.add(`${prop} ${problem}`);
  }

  /** Names usable as environment variables (the keys of a `secrets` map): a letter or `_`, then letters, digits or `_`. */
  public environmentVariableNames(prop: string, names: readonly string[]): void {
    for (const name of names) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.add(`${prop} names must be environment variable names, got: ${name}`);
    }
  }

  /** Throws every problem at once, as `Invalid <Construct> props at <path>:` and one bullet each. */
  public throwIfAny(): void {
    if (this.items.length > 0) {
      const where = this.scope ? ` at ${this.scope.node.path || '(the app)'}` : '';
      throw new Error(`Invalid ${this.constructName} props${where}:\n${this.items.map(p => `  - ${p}`).join('\n')}`);
    }
  }
}

/**
 * Undefined when `value` is one of an enum's values (or a token), else a message listing the
 * allowed members and the closest value. For the checks that return messages rather than
 * collecting them (`validateWindow`).
 */
export function oneOfProblem(prop: string, value: unknown, values: { readonly [key: string]: string }, enumName: string): string | undefined {
  if (!isKnown(value)) return undefined;
  const allowed = Object.values(values);
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  const byKey = Object.entries(values).map(([key, v]) => `${enumName}.${key} ('${v}')`);
  const close = typeof value === 'string' ? closestMatches(value, allowed) : [];
  const hint = close.length > 0 ? `; did you mean ${close.map(c => `'${c}'`).join(' or ')}?` : '';
  return `${prop} must be one of ${byKey.join(', ')}, got: ${quote(value)}${hint}`;
}

/** Addresses SNS email subscriptions accept, loosely: one `@`, a dot in the domain, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

/** Undefined when `value` is a time zone AWS accepts, else what is wrong (after the prop name). */
export function timeZoneProblem(value: string): string | undefined {
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  // Intl accepts any case ('europe/paris'); AWS takes the tz database's spelling.
  if (resolved !== undefined && !(resolved !== value && resolved.toLowerCase() === value.toLowerCase())) return undefined;
  const zones = [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  const close = resolved !== undefined ? [resolved] : closestMatches(value, zones);
  const hint = close.length > 0 ? `; did you mean ${close.map(c => `'${c}'`).join(' or ')}?` : '';
  return `must be an IANA time zone such as 'Europe/Paris' or 'UTC', got: '${value}'${hint}`;
}

/** Undefined when `value` is a region code aws-cdk-lib's region data knows, else what is wrong. */
export function regionProblem(value: string): string | undefined {
  const regions = RegionInfo.regions.map(r => r.name);
  if (regions.includes(value)) return undefined;
  const close = closestMatches(value, regions);
  const hint = close.length > 0 ? `; did you mean ${close.map(c => `'${c}'`).join(' or ')}?` : '';
  return `must be an AWS region code such as 'us-east-1', got: '${value}' (not a region aws-cdk-lib knows)${hint}`;
}

/**
 * Adds a warning that the user can acknowledge, with an id in the library's one namespace:
 * `cdk-cost-aware-inference:<name>` (acknowledge with `Annotations.of(scope).acknowledgeWarning(id, reason)`).
 */
export function warn(scope: IConstruct, name: string, message: string): void {
  Annotations.of(scope).addWarningV2(`${WARNING_ID_PREFIX}${name}`, message);
}

/**
 * Warns when a percent prop (0-100) is given a fraction (above 0, at most 1): `thresholdPercent:
 * 0.8` was almost certainly meant as 80. Legal, so a warning the user can acknowledge.
 */
export function warnIfFractionForPercent(scope: IConstruct, prop: string, value: unknown): void {
  if (!isKnown(value) || typeof value !== 'number' || !(value > 0 && value <= 1)) return;
  warn(scope, 'PercentLooksLikeFraction',
    `${prop} is a percentage (0-100), got: ${value}, which reads as a fraction: did you mean ${figureOf(value * 100)}? ` +
    `If ${value}% is meant, acknowledge this warning.`);
}

function figureOf(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

/**
 * A message when `imageUri` is an ECR image of another Region than the stack's (SageMaker pulls
 * model and training images from the Region it runs in only). Undefined when either is a token.
 */
export function ecrImageRegionProblem(prop: string, imageUri: unknown, stackRegion: string): string | undefined {
  if (typeof imageUri !== 'string' || !isKnown(imageUri) || !isKnown(stackRegion)) return undefined;
  const match = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(imageUri);
  if (!match || match[3] === stackRegion) return undefined;
  return `${prop} '${imageUri}' is in the ECR registry of ${match[3]}, but the stack deploys to ${stackRegion}: SageMaker pulls ` +
    `images from its own Region only. Use the image's ${stackRegion} registry (for AWS Deep Learning Containers, the ` +
    `same repository in ${stackRegion}'s account), or replicate the repository to ${stackRegion}`;
}
