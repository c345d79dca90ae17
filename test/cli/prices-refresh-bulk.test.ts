import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CliError } from '../../lib/cli/errors';
import { runCli } from '../../lib/cli/main';
import { runPricesRefresh } from '../../lib/cli/prices-refresh';
import { mapBulkRow } from '../../lib/pricing/bulk-refresher';
import { PriceBook, PriceBookFile } from '../../lib/pricing/price-book';
import { parseCsvRecord } from '../../lib/pricing/private/price-list-csv';
import { PriceBookKind, PriceService, PriceUsage } from '../../lib/pricing/price-entry';

/*
 * The bulk path against a real HTTP server on 127.0.0.1 serving fixture files in AWS's format:
 * the region index JSON and per-region CSV files with the five-line preamble and the real
 * column names (a handful of rows per offer; the SKUs are made up). Nothing leaves the machine.
 */
const FIXTURES = path.join(__dirname, '..', 'pricing', 'fixtures', 'price-list');

type Behaviour = 'serve' | 'cut-mid-file' | 'hang';

interface Server {
  readonly url: string;
  readonly requests: string[];
  behaviour: Map<string, Behaviour>;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const requests: string[] = [];
  const behaviour = new Map<string, Behaviour>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const file = path.join(FIXTURES, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(FIXTURES) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    const body = fs.readFileSync(file);
    const mode = [...behaviour.entries()].find(([part]) => url.includes(part))?.[1] ?? 'serve';
    if (mode === 'hang') return; // never answers: the client's deadline has to end it
    res.writeHead(200, { 'content-type': url.endsWith('.csv') ? 'text/csv' : 'application/json', 'content-length': body.length });
    if (mode === 'cut-mid-file') {
      // Half the file, then the connection drops (as a proxy or a flaky link would).
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    // Streamed in small chunks that split lines, so the reader has to join them.
    let offset = 0;
    const next = () => {
      if (offset >= body.length) { res.end(); return; }
      const chunk = body.subarray(offset, offset + 173);
      offset += chunk.length;
      res.write(chunk, () => setImmediate(next));
    };
    next();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behaviour,
    close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; } } };
}

const GOOD_CACHE: PriceBookFile = {
  schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-10-01', entries: [
    { service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'eu-west-1', sku: 'g5.xlarge', unit: 'instance-hour', priceUsd: 1.123,
      source: 'AWS Price List bulk file AmazonEC2/20261001000000/eu-west-1/index.csv SKU OLD rate code OLD.JRTCKXETXF.6YS6EN2CT7', date: '2026-10-01' },
  ],
};

describe('cdk-cost prices refresh from the public bulk files', () => {
  let server: Server;
  let dir: string;
  let cacheFile: string;
  beforeEach(async () => {
    server = await startServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-bulk-'));
    cacheFile = path.join(dir, '.cdk-cost', 'prices.json');
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(cacheFile, JSON.stringify(GOOD_CACHE));
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('downloads the region index and the region\'s CSV of each offer, streamed, and merges them into the cache', async () => {
    // GIVEN the local server, and a cache that already holds an eu-west-1 price
    const { out, io: sink } = io();
    // WHEN refreshing us-east-1 without credentials, through the command line
    const code = await runCli(['prices', 'refresh', '--region', 'us-east-1', '--base-url', server.url, '--out', cacheFile], sink);
    // THEN every offer's index and us-east-1 file was read over HTTP
    expect({ code, stderr: out.stderr.includes('unexpected') ? out.stderr : '' }).toEqual({ code: 0, stderr: '' });
    for (const offer of ['AmazonSageMaker', 'AmazonEC2', 'AmazonVPC', 'AWSELB', 'AmazonBedrock', 'AWSLambda', 'AmazonS3', 'AmazonCloudWatch']) {
      expect(server.requests).toContain(`/offers/v1.0/aws/${offer}/current/region_index.json`);
      expect(server.requests).toContain(`/offers/v1.0/aws/${offer}/20261120190000/us-east-1/index.csv`);
    }
    // AND the kept rows are the on-demand Linux/shared/used EC2 rate, SageMaker per component, NAT, EBS, IPv4 and ALB,
    // Bedrock per model id (per-1K-token rows as USD per 1M; the latency-optimized variant and an unlisted model left out),
    // and the first tier of the Lambda, S3 and CloudWatch basics (not provisioned concurrency, S3 IA or dashboards)
    const book = JSON.parse(fs.readFileSync(cacheFile, 'utf-8')) as PriceBookFile;
    expect(book.kind).toBe('cache');
    expect(book.entries.map(e => `${e.service} ${e.usage} ${e.region} ${e.sku} ${e.priceUsd} ${e.unit}`)).toEqual([
      'Bedrock batch-input-tokens us-east-1 amazon.nova-lite-v1:0 0.03 1M tokens',
      'Bedrock on-demand-input-tokens us-east-1 amazon.nova-lite-v1:0 0.06 1M tokens',
      'Bedrock on-demand-input-tokens us-east-1 meta.llama3-1-70b-instruct-v1:0 0.72 1M tokens',
      'Bedrock on-demand-output-tokens us-east-1 amazon.nova-lite-v1:0 0.24 1M tokens',
      'Bedrock on-demand-output-tokens us-east-1 meta.llama3-1-70b-instruct-v1:0 0.72 1M tokens',
      'CloudWatch alarm-standard us-east-1 alarm-standard 0.1 alarm-month',
      'CloudWatch custom-metric us-east-1 custom-metric 0.3 metric-month',
      'CloudWatch logs-ingestion us-east-1 logs-ingestion 0.5 GB',
      'CloudWatch logs-storage us-east-1 logs-storage 0.03 GB-month',
      'EC2 ebs-gp2-gb-month us-east-1 gp2 0.1 GB-month',
      'EC2 ebs-gp3-gb-month us-east-1 gp3 0.08 GB-month',
      'EC2 on-demand-linux eu-west-1 g5.xlarge 1.123 instance-hour',
      'EC2 on-demand-linux us-east-1 g5.xlarge 1.006 instance-hour',
      'EC2 on-demand-linux us-east-1 inf2.xlarge 0.7582 instance-hour',
      'ELB alb-hour us-east-1 application 0.0225 load-balancer-hour',
      'ELB alb-lcu-hour us-east-1 application 0.008 LCU-hour',
      'Lambda duration us-east-1 arm64 0.0000133334 GB-second',
      'Lambda duration us-east-1 x86 0.0000166667 GB-second',
      'Lambda requests us-east-1 requests 2e-7 request',
      'S3 get-requests us-east-1 Standard 4e-7 request',
      'S3 put-requests us-east-1 Standard 0.000005 request',
      'S3 storage-standard us-east-1 Standard 0.023 GB-month',
      'SageMaker hosting us-east-1 ml.g5.xlarge 1.408 instance-hour',
      'SageMaker notebook us-east-1 ml.g5.xlarge 1.41 instance-hour',
      'SageMaker training us-east-1 ml.g5.xlarge 1.408 instance-hour',
      'VPC nat-gateway-data us-east-1 nat-gateway 0.045 GB',
      'VPC nat-gateway-hour us-east-1 nat-gateway 0.045 hour',
      'VPC public-ipv4-hour us-east-1 public-ipv4 0.005 address-hour',
    ]);
    const g5 = book.entries.find(e => e.sku === 'g5.xlarge' && e.region === 'us-east-1')!;
    expect(g5.source).toBe('AWS Price List bulk file AmazonEC2/20261120190000/us-east-1/index.csv SKU JPWQQ8KE8B4U2BG9 rate code JPWQQ8KE8B4U2BG9.JRTCKXETXF.6YS6EN2CT7');
    expect(g5.date).toBe('2026-11-01');
    // AND progress went to stderr, the summary to stdout, and the cache reads back as a valid book
    expect(out.stderr).toContain('cdk-cost: AmazonEC2 us-east-1: done, 6 prices (version 20261120190000)');
    expect(out.stderr).toContain('cdk-cost: us-east-1: 27 prices');
    const lambda = book.entries.find(e => e.service === PriceService.LAMBDA && e.sku === 'x86')!;
    expect(lambda.source).toBe('AWS Price List bulk file AWSLambda/20261120190000/us-east-1/index.csv SKU T7W3KD9QX2BN5H8V rate code T7W3KD9QX2BN5H8V.JRTCKXETXF.6YS6EN2CT7');
    expect(out.stdout).toBe(`Wrote 28 prices to ${cacheFile}. \`cdk synth\` now prices from it (the report says "refreshed price cache"); ` +
      'delete the file to go back to the embedded snapshot.\n');
    expect(PriceBook.load(cacheFile).origin.source).toBe('cache');
    expect(fs.readdirSync(path.dirname(cacheFile))).toEqual(['prices.json']);
  });

  test('fails on a 404 and leaves the cache as it was', async () => {
    // GIVEN eu-west-1 is listed in the region index but its file is not on the server
    const before = fs.readFileSync(cacheFile, 'utf-8');
    // WHEN / THEN
    await expect(runPricesRefresh({ regions: ['eu-west-1'], out: cacheFile, timeoutSeconds: 10, baseUrl: server.url }, io().io))
      .rejects.toThrow(new CliError(`price refresh from the AWS Price List bulk files failed: GET ${server.url}` +
        '/offers/v1.0/aws/AmazonSageMaker/20261120190000/eu-west-1/index.csv answered HTTP 404. The price cache was not changed. ' +
        'Check the network (or HTTPS_PROXY), or use --source api with AWS credentials.'));
    expect(fs.readFileSync(cacheFile, 'utf-8')).toBe(before);
  });

  test('fails when the connection is cut mid-file and leaves the cache as it was', async () => {
    // GIVEN the EC2 file's connection drops half-way (SageMaker's, read before it, is complete)
    server.behaviour.set('/AmazonEC2/20261120190000/us-east-1/index.csv', 'cut-mid-file');
    const before = fs.readFileSync(cacheFile, 'utf-8');
    // WHEN / THEN
    const { out, io: sink } = io();
    await expect(runPricesRefresh({ regions: ['us-east-1'], out: cacheFile, timeoutSeconds: 10, baseUrl: server.url }, sink))
      .rejects.toThrow(/price refresh from the AWS Price List bulk files failed: .*AmazonEC2\/20261120190000\/us-east-1\/index\.csv.*cut.*The price cache was not changed/);
    expect(out.stderr).toContain('AmazonSageMaker us-east-1: done');
    expect(fs.readFileSync(cacheFile, 'utf-8')).toBe(before);
    expect(fs.readdirSync(path.dirname(cacheFile))).toEqual(['prices.json']);
  });

  test('gives up at the timeout when the server does not answer, and leaves the cache as it was', async () => {
    server.behaviour.set('/AmazonSageMaker/current/region_index.json', 'hang');
    const before = fs.readFileSync(cacheFile, 'utf-8');
    const started = Date.now();
    await expect(runPricesRefresh({ regions: ['us-east-1'], out: cacheFile, timeoutSeconds: 0.5, baseUrl: server.url }, io().io))
      .rejects.toThrow(new CliError('gave up after 0.5 s while downloading the AWS Price List bulk files: check the network (or proxy) to the ' +
        'AWS Price List, or allow more time with --timeout <seconds>. The price cache was not changed.'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(fs.readFileSync(cacheFile, 'utf-8')).toBe(before);
  });

  test('takes the base URL from CDK_COST_PRICE_LIST_URL', async () => {
    const previous = process.env.CDK_COST_PRICE_LIST_URL;
    process.env.CDK_COST_PRICE_LIST_URL = server.url;
    try {
      const code = await runPricesRefresh({ regions: ['us-east-1'], out: cacheFile, timeoutSeconds: 10 }, io().io);
      expect(code).toBe(0);
      expect(server.requests.length).toBeGreaterThanOrEqual(10);
    } finally {
      if (previous === undefined) delete process.env.CDK_COST_PRICE_LIST_URL;
      else process.env.CDK_COST_PRICE_LIST_URL = previous;
    }
  });

  test('without --region takes the regions of the stacks in ./cdk.out, and says what to do when there is none', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { out, io: sink } = io();
      expect(await runCli(['prices', 'refresh', '--base-url', server.url, '--out', cacheFile], sink)).toBe(2);
      expect(out.stderr).toMatch(/^cdk-cost: prices refresh needs --region \(e\.g\. --region us-east-1, repeatable\), or a synthesized \.\/cdk\.out/);
      fs.mkdirSync(path.join(dir, 'cdk.out'));
      const report = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'base-cdk.out', 'cost-report.json'), 'utf-8'));
      fs.writeFileSync(path.join(dir, 'cdk.out', 'cost-report.json'), JSON.stringify(report));
      const regions = [...new Set((report.stacks as Array<{ region: string }>).map(s => s.region))];
      const second = io();
      const code = await runCli(['prices', 'refresh', '--base-url', server.url, '--out', cacheFile], second.io);
      // The fixture's stacks are in us-east-1, which the server has.
      expect(regions).toEqual(['us-east-1']);
      expect({ code, err: code === 0 ? '' : second.out.stderr }).toEqual({ code: 0, err: '' });
      expect(server.requests).toContain('/offers/v1.0/aws/AmazonEC2/20261120190000/us-east-1/index.csv');
    } finally {
      process.chdir(cwd);
    }
  });

  test('rejects a --source other than bulk or api, and --base-url with api', async () => {
    const a = io();
    expect(await runCli(['prices', 'refresh', '--region', 'us-east-1', '--source', 'web'], a.io)).toBe(2);
    expect(a.out.stderr).toBe("cdk-cost: --source must be bulk or api, got: 'web'\n");
    const b = io();
    expect(await runCli(['prices', 'refresh', '--region', 'us-east-1', '--source', 'api', '--base-url', server.url], b.io)).toBe(2);
    expect(b.out.stderr).toBe('cdk-cost: --base-url applies to --source bulk only\n');
  });
});

describe('the bulk path never loads the AWS SDK', () => {
  test('importing the library, the CLI and the bulk refresher leaves @aws-sdk/client-pricing unloaded', () => {
    // A fresh process: jest's module registry would hide what Node itself loads.
    const script = "require('./lib/index'); require('./lib/cli/main'); require('./lib/pricing/bulk-refresher'); require('./lib/pricing/price-refresher');" +
      "process.stdout.write(String(Object.keys(require.cache).filter(k => k.includes('client-pricing')).length));";
    const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf-8' });
    expect(out).toBe('0');
  });
});

describe('reading Price List CSV rows', () => {
  test('splits quoted fields, with commas and doubled quotes inside', () => {
    expect(parseCsvRecord('"SKU","$0.08 per GB-month of ""gp3"", US East","",""')).toEqual(['SKU', '$0.08 per GB-month of "gp3", US East', '', '']);
    expect(parseCsvRecord('a,b,,"c"')).toEqual(['a', 'b', '', 'c']);
  });

  test('keeps only on-demand USD rows of the usages the book models', () => {
    const keep = () => true;
    const ec2 = { TermType: 'OnDemand', Currency: 'USD', 'Product Family': 'Compute Instance', 'Instance Type': 'g5.xlarge', usageType: 'USE2-BoxUsage:g5.xlarge',
      'Operating System': 'Linux', Tenancy: 'Shared', 'Pre Installed S/W': 'NA', CapacityStatus: 'Used' };
    expect(mapBulkRow('AmazonEC2', ec2, keep)).toEqual({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, sku: 'g5.xlarge', unit: 'instance-hour' });
    expect(mapBulkRow('AmazonEC2', { ...ec2, TermType: 'Reserved' }, keep)).toBeUndefined();
    expect(mapBulkRow('AmazonEC2', { ...ec2, 'Pre Installed S/W': 'SQL Std' }, keep)).toBeUndefined();
    expect(mapBulkRow('AmazonEC2', ec2, t => t !== 'g5.xlarge')).toBeUndefined();
    expect(mapBulkRow('AmazonSageMaker', { TermType: 'OnDemand', Currency: 'USD', 'Product Family': 'ML Instance', usageType: 'EU-Tsform:ml.m5.xlarge' }, keep))
      .toEqual({ service: PriceService.SAGEMAKER, usage: PriceUsage.BATCH_TRANSFORM, sku: 'ml.m5.xlarge', unit: 'instance-hour' });
  });

  test('maps Bedrock token rows by a closed list of usage-type model tokens, per usage, scaled to USD per 1M tokens', () => {
    const keep = () => true;
    const bedrock = (usageType: string, unit = '1K tokens') => mapBulkRow('AmazonBedrock', { TermType: 'OnDemand', Currency: 'USD', usageType, Unit: unit }, keep);
    expect(bedrock('EUC1-NovaLite-input-tokens')).toEqual({ service: PriceService.BEDROCK, usage: PriceUsage.ON_DEMAND_INPUT_TOKENS, sku: 'amazon.nova-lite-v1:0', unit: '1M tokens', scale: 1000 });
    expect(bedrock('USW2-Claude3Haiku-output-tokens')).toEqual({ service: PriceService.BEDROCK, usage: PriceUsage.ON_DEMAND_OUTPUT_TOKENS, sku: 'anthropic.claude-3-haiku-20240307-v1:0', unit: '1M tokens', scale: 1000 });
    expect(bedrock('USE1-Llama3-3-70B-output-tokens-batch')?.usage).toBe('batch-output-tokens');
    expect(bedrock('USE1-NovaPremier-input-tokens', '1M tokens')?.scale).toBe(1);
    // other products at other rates, and models the list does not name, are not mapped
    for (const other of ['USE1-NovaPro-input-tokens-latency-optimized', 'USE1-Llama3-1-70B-LatencyOptimized-input-tokens', 'USE1-NovaLite-input-tokens-custom-model',
      'USE1-NovaLite-input-tokens-priority', 'USE1-NovaLite-cache-read-input-token-count', 'USE1-Nova2.0Lite-input-tokens', 'USE1-MP:USE1_InputTokenCount-Units']) {
      expect([other, bedrock(other)]).toEqual([other, undefined]);
    }
    expect(bedrock('USE1-NovaLite-input-tokens', 'Images')).toBeUndefined();
  });

  test('maps the Lambda, S3 and CloudWatch basics by usage type, in any region', () => {
    const keep = () => true;
    const row = (offer: 'AWSLambda' | 'AmazonS3' | 'AmazonCloudWatch', usageType: string) => mapBulkRow(offer, { TermType: 'OnDemand', Currency: 'USD', usageType }, keep);
    expect(row('AWSLambda', 'USW2-Request')).toEqual({ service: PriceService.LAMBDA, usage: PriceUsage.REQUESTS, sku: 'requests', unit: 'request' });
    expect(row('AWSLambda', 'EUC1-Lambda-GB-Second-ARM')).toEqual({ service: PriceService.LAMBDA, usage: PriceUsage.DURATION, sku: 'arm64', unit: 'GB-second' });
    expect(row('AWSLambda', 'Lambda-Provisioned-Concurrency')).toBeUndefined();
    expect(row('AmazonS3', 'APN1-TimedStorage-ByteHrs')).toEqual({ service: PriceService.S3, usage: PriceUsage.STORAGE_STANDARD, sku: 'Standard', unit: 'GB-month' });
    expect(row('AmazonS3', 'TimedStorage-SIA-ByteHrs')).toBeUndefined();
    expect(row('AmazonCloudWatch', 'EU-CW:AlarmMonitorUsage')).toEqual({ service: PriceService.CLOUDWATCH, usage: PriceUsage.ALARM_STANDARD, sku: 'alarm-standard', unit: 'alarm-month' });
    expect(row('AmazonCloudWatch', 'TimedStorage-ByteHrs')?.usage).toBe('logs-storage');
    expect(row('AmazonCloudWatch', 'CW:HighResAlarmMonitorUsage')).toBeUndefined();
  });
});
