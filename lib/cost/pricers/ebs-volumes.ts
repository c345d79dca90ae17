import { Token } from 'aws-cdk-lib';
import { PriceService, PriceUsage } from '../../pricing/price-entry';
import { PricingContext } from '../pricing-context';
import { figure } from '../private/render';
import { CostLineData, MonthlyRange } from '../report-schema';

/**
 * What gp3's storage price includes at any size: 3,000 IOPS and 125 MiB/s. Above that, IOPS and
 * throughput are charged apart (Amazon EBS User Guide, gp3 performance:
 * docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html#gp3-performance; infracost's
 * ebs_volume_test golden file prices a 4,000 IOPS / 130 MB/s gp3 volume as 1,000 IOPS and 5 MB/s
 * on top of its storage). These are performance baselines, not prices.
 */
const GP3_INCLUDED_IOPS = 3000;
const GP3_INCLUDED_THROUGHPUT_MIBPS = 125;

/**
 * The volume type priced when a mapping names none. The CloudFormation reference documents a
 * default only for `AWS::EC2::Volume` (`Default: gp2`); the launch template, launch configuration
 * and instance `Ebs` properties name none, and for a device the AMI itself maps, the AMI's
 * volume type may apply. The report says so on the line.
 */
const DEFAULT_VOLUME_TYPE = 'gp2';

/** How the volumes of one instance are billed over the month, for `ebsVolumeLines`. */
export interface EbsVolumeUsage {
  /** Where the mappings are read from, as the report says it: `the launch template`, `the instance`. */
  readonly from: string;
  /** Instance-months (instance-hours ÷ 730) at floor, expected and ceiling: each carries one set of volumes. */
  readonly instanceMonths: MonthlyRange;
  /** How the instance-months were worked out, in words. */
  readonly assumptions: string[];
  /**
   * Whether the line says `per instance` (a group launches many).
   * @default false
   */
  readonly perInstance?: boolean;
}

interface Volume {
  readonly device: string;
  readonly sizeInGb: number;
  readonly type: string;
  readonly notes: string[];
}

/**
 * The EBS volumes of a block device mapping list, priced per GB-month of the book's storage price
 * for their volume type: one line per volume type (`EBS volumes (gp3), 200 GB per instance`), the
 * quantity being GB per instance × instance-months. A volume whose size the template does not
 * state (the AMI's or a snapshot's decides), or whose type is a token, gets an unpriced line saying
 * so; a type the book has no price for is unpriced with the book's reason.
 *
 * Returns no line when there are no EBS mappings (instance store and `NoDevice` entries are not EBS).
 */
export function ebsVolumeLines(ctx: PricingContext, mappings: unknown, usage: EbsVolumeUsage): CostLineData[] {
  if (mappings === undefined) return [];
  const common = [
    ...usage.assumptions,
    `only the volumes in ${usage.from}'s BlockDeviceMappings are priced: any other volume the AMI maps is not`,
  ];
  if (!Array.isArray(mappings)) {
    return [ctx.unpriced('EBS volumes', notKnown(ctx, mappings, 'BlockDeviceMappings'), common)];
  }

  const lines: CostLineData[] = [];
  const volumes: Volume[] = [];
  mappings.forEach((mapping: any, i: number) => {
    const device = typeof mapping?.DeviceName === 'string' && !Token.isUnresolved(mapping.DeviceName) ? mapping.DeviceName : `BlockDeviceMappings[${i}]`;
    const description = `EBS volume ${device}`;
    if (isIntrinsic(mapping) || isIntrinsic(mapping?.Ebs)) {
      const what = isIntrinsic(mapping) ? mapping : mapping.Ebs;
      lines.push(ctx.unpriced(description, notKnown(ctx, what, device), common));
      return;
    }
    // NoDevice suppresses a device of the AMI; VirtualName is an instance store volume (in the instance price).
    if (!mapping || typeof mapping !== 'object' || mapping.NoDevice !== undefined || mapping.VirtualName !== undefined || !mapping.Ebs) return;
    const ebs = mapping.Ebs;
    if (ebs.VolumeSize === undefined) {
      const from = ebs.SnapshotId !== undefined ? 'its snapshot' : "the AMI's snapshot for the device";
      lines.push(ctx.unpriced(description, `${device} has no VolumeSize: its size comes from ${from}, which the template does not state`, common));
      return;
    }
    const size = ctx.literal(ebs.VolumeSize, 'number', `VolumeSize of ${device}`);
    if (!size.ok) {
      lines.push(ctx.unpriced(description, size.reason, common));
      return;
    }
    const notes: string[] = [];
    let type = DEFAULT_VOLUME_TYPE;
    if (ebs.VolumeType === undefined) {
      notes.push(`${device} has no VolumeType: priced as ${DEFAULT_VOLUME_TYPE}, the default the CloudFormation reference gives for EBS volumes ` +
        "(AWS::EC2::Volume); for a device the AMI maps, the AMI's volume type may apply instead");
    } else {
      const given = ctx.literal(ebs.VolumeType, 'string', `VolumeType of ${device}`);
      if (!given.ok) {
        lines.push(ctx.unpriced(description, given.reason, common));
        return;
      }
      type = given.value;
    }
    if (type === 'gp3') notes.push(...gp3ExtrasNotes(ctx, device, ebs));
    volumes.push({ device, sizeInGb: size.value, type, notes });
  });

  const types = [...new Set(volumes.map(v => v.type))];
  for (const type of types) {
    const ofType = volumes.filter(v => v.type === type);
    const gb = ofType.reduce((a, v) => a + v.sizeInGb, 0);
    const m = usage.instanceMonths;
    lines.push(ctx.line({
      description: `EBS volumes (${type}), ${figure(gb)} GB${usage.perInstance ? ' per instance' : ''}`,
      service: PriceService.EC2,
      usage: storageUsage(type),
      sku: type,
      quantity: { floor: gb * m.floor, expected: gb * m.expected, ceiling: gb * m.ceiling },
      assumptions: [
        `${ofType.map(v => `${v.device} ${figure(v.sizeInGb)} GB`).join(', ')} ${type}${usage.perInstance ? ' per instance' : ''}, ` +
          `billed per GB-month provisioned: ${figure(gb)} GB × ${figure(m.floor)} / ${figure(m.expected)} / ${figure(m.ceiling)} instance-months (floor / expected / ceiling)`,
        ...ofType.flatMap(v => v.notes),
        ...common,
      ],
    }));
  }
  return lines;
}

/**
 * The book's usage for the storage of a volume type: `ebs-gp3-gb-month` for gp3. The book prices
 * gp2 and gp3 only; any other type (io1, io2, st1, sc1, standard) is looked up under the same
 * pattern all the same, so that its line is unpriced with the book's own reason.
 */
function storageUsage(volumeType: string): PriceUsage {
  return `ebs-${volumeType}-gb-month` as PriceUsage;
}

/** Assumptions for a gp3 volume's IOPS and throughput above what its storage price includes. */
function gp3ExtrasNotes(ctx: PricingContext, device: string, ebs: any): string[] {
  const notes: string[] = [];
  const extras: Array<[unknown, string, number, string]> = [
    [ebs.Iops, 'Iops', GP3_INCLUDED_IOPS, 'IOPS'],
    [ebs.Throughput, 'Throughput', GP3_INCLUDED_THROUGHPUT_MIBPS, 'MiB/s'],
  ];
  for (const [value, name, included, unit] of extras) {
    if (value === undefined) continue;
    const given = ctx.literal(value, 'number', `${name} of ${device}`);
    if (!given.ok) {
      notes.push(`${given.reason}: any ${unit} above the ${figure(included)} gp3 includes is not priced`);
    } else if (given.value > included) {
      notes.push(`${device} provisions ${figure(given.value)} ${unit}, ${figure(given.value - included)} above the ${figure(included)} gp3 includes: ` +
        'that extra is charged apart and not priced here (the price book has storage prices only)');
    }
  }
  return notes;
}

/** A CloudFormation intrinsic (`{ "Fn::If": [...] }`, `{ "Ref": ... }`) in place of a literal. */
function isIntrinsic(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** `<name> is not known at synth time (Fn::If ...)`: the reason for a value that is not a literal. */
function notKnown(ctx: PricingContext, value: unknown, name: string): string {
  const literal = ctx.literal(value, 'number', name);
  return literal.ok ? `${name} is not a block device mapping` : literal.reason;
}
