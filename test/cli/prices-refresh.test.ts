import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { CliError } from '../../lib/cli/errors';
import { explain, runPricesRefresh } from '../../lib/cli/prices-refresh';
import { PriceBookFile } from '../../lib/pricing/price-book';
import { writePriceCache } from '../../lib/pricing/price-refresher';
import { PriceBookKind, PriceService, PriceUsage } from '../../lib/pricing/price-entry';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; } } };
}

function tmpFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cost-prices-')), 'nested', 'prices.json');
}

describe('runPricesRefresh', () => {
  test('writes the refreshed book of every region to the cache file', async () => {
    // GIVEN the real refresher on a mocked Pricing API that answers with one SageMaker hosting product,
    // shaped as GetProducts returns it (a JSON string); the price is made up
    const client = new PricingClient({ region: 'us-east-1', credentials: CREDENTIALS });
    const mock = mockClient(client);
    const product = (region: string, prefix: string) => JSON.stringify({
      product: { sku: `SKU${prefix}`, productFamily: 'ML Instance', attributes: { regionCode: region, usagetype: `${prefix}-Host:ml.g5.xlarge`, instanceName: 'ml.g5.xlarge' } },
      serviceCode: 'AmazonSageMaker',
      terms: { OnDemand: { [`SKU${prefix}.JRTCKXETXF`]: { effectiveDate: '2026-06-01T00:00:00Z', priceDimensions: {
        [`SKU${prefix}.JRTCKXETXF.6YS6EN2CT7`]: { unit: 'Hrs', beginRange: '0', endRange: 'Inf', pricePerUnit: { USD: '1.2345000000' } } } } } },
      publicationDate: '2026-06-01T00:00:00Z',
    });
    mock.on(GetProductsCommand).callsFake(input => {
      const region = input.Filters.find((f: { Field: string }) => f.Field === 'regionCode').Value;
      return { PriceList: input.ServiceCode === 'AmazonSageMaker' ? [product(region, region === 'us-east-1' ? 'USE1' : 'USW2')] : [] };
    });
    const out = tmpFile();
    const { out: written, io: sink } = io();
    // WHEN
    const code = await runPricesRefresh({ regions: ['us-east-1', 'us-west-2'], out, timeoutSeconds: 30, source: 'api' }, sink, { client });
    // THEN
    expect(code).toBe(0);
    const book = JSON.parse(fs.readFileSync(out, 'utf8')) as PriceBookFile;
    expect(book.kind).toBe('cache');
    expect(book.entries.map(e => [e.usage, e.region, e.sku, e.priceUsd])).toEqual([
      ['hosting', 'us-east-1', 'ml.g5.xlarge', 1.2345],
      ['hosting', 'us-west-2', 'ml.g5.xlarge', 1.2345],
    ]);
    expect(written.stderr).toMatch(/^cdk-cost: us-east-1: 1 prices \(\d+ products skipped\)\ncdk-cost: us-west-2: 1 prices/);
    expect(written.stdout).toBe(`Wrote 2 prices to ${out}. \`cdk synth\` now prices from it (the report says "refreshed price cache"); ` +
      'delete the file to go back to the embedded snapshot.\n');
  });

  test('fails when there are no credentials, before any call', async () => {
    // GIVEN a client whose credential chain finds nothing
    const client = new PricingClient({ region: 'us-east-1', credentials: async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    } });
    const refreshPrices = jest.fn();
    // WHEN / THEN
    await expect(runPricesRefresh({ regions: ['us-east-1'], out: tmpFile(), timeoutSeconds: 30, source: 'api' }, io().io,
      { client, refresher: { refreshPrices, writePriceCache } })).rejects.toThrow(new CliError(
      'no AWS credentials found: the AWS Pricing API needs an identity allowed pricing:GetProducts. ' +
      "Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run 'aws sso login'. (Could not load credentials from any providers)"));
    expect(refreshPrices).not.toHaveBeenCalled();
  });

  test('fails fast when the Pricing API cannot be reached', async () => {
    // GIVEN the real client and refresher, pointed at a closed local port
    const client = new PricingClient({ region: 'us-east-1', credentials: CREDENTIALS, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const started = Date.now();
    // WHEN / THEN
    await expect(runPricesRefresh({ regions: ['us-east-1'], out: tmpFile(), timeoutSeconds: 30, source: 'api' }, io().io, { client }))
      .rejects.toThrow(/^cannot reach the AWS Pricing API: check the network \(or HTTPS_PROXY\) and try again\. \(Pricing API GetProducts for AmazonSageMaker/);
    expect(Date.now() - started).toBeLessThan(10000);
  });

  test('gives up after the timeout', async () => {
    const client = new PricingClient({ region: 'us-east-1', credentials: CREDENTIALS });
    const refreshPrices = () => new Promise<PriceBookFile>(() => undefined);
    await expect(runPricesRefresh({ regions: ['eu-west-1'], out: tmpFile(), timeoutSeconds: 0.2, source: 'api' }, io().io,
      { client, refresher: { refreshPrices, writePriceCache } })).rejects.toThrow(
      'gave up after 0.2 s while fetching prices for eu-west-1: check the network (or proxy) to the AWS Price List, or allow more time with --timeout <seconds>. The price cache was not changed.');
  });

  test('fails when the API has no price for the region', async () => {
    const client = new PricingClient({ region: 'us-east-1', credentials: CREDENTIALS });
    const refreshPrices = async () => ({ schemaVersion: 1 as const, kind: PriceBookKind.CACHE as const, date: '2026-06-01', entries: [] });
    await expect(runPricesRefresh({ regions: ['xx-east-1'], out: tmpFile(), timeoutSeconds: 5, source: 'api' }, io().io,
      { client, refresher: { refreshPrices, writePriceCache } })).rejects.toThrow(
      'the Pricing API returned no price this library uses for xx-east-1 (0 products skipped): is it a region code AWS prices?');
  });
});

describe('explain', () => {
  test('names a missing permission', () => {
    const e = new Error('Pricing API GetProducts for AmazonEC2 failed: AccessDeniedException: not authorized', {
      cause: Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }) });
    expect(explain(e, 60)).toBe('the AWS Pricing API refused the request: the identity needs pricing:GetProducts and valid, ' +
      'unexpired credentials. (Pricing API GetProducts for AmazonEC2 failed: AccessDeniedException: not authorized)');
  });

  test('passes anything else through in one line', () => {
    expect(explain(new Error('boom'), 60)).toBe('price refresh failed: boom');
  });
});

describe('runPricesRefresh --source api, atomically', () => {
  test('a failure in a later region leaves the cache as it was: the file is written once, at the end', async () => {
    // GIVEN a cache, and a refresher that answers us-east-1 and fails on eu-west-1
    const out = tmpFile();
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, '{"schemaVersion":1,"kind":"cache","date":"2026-10-01","entries":[]}');
    const client = new PricingClient({ region: 'us-east-1', credentials: CREDENTIALS });
    const refreshPrices = async ({ region }: { region: string }): Promise<PriceBookFile> => {
      if (region === 'eu-west-1') throw new Error('socket hang up');
      return { schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-12-01', entries: [
        { service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region, sku: 'g5.xlarge', unit: 'instance-hour', priceUsd: 1.006, source: 'AWS Price List API GetProducts AmazonEC2 sku X', date: '2026-12-01' },
      ] };
    };
    // WHEN / THEN
    await expect(runPricesRefresh({ regions: ['us-east-1', 'eu-west-1'], out, timeoutSeconds: 5, source: 'api' }, io().io,
      { client, refresher: { refreshPrices: refreshPrices as never, writePriceCache } })).rejects.toThrow(CliError);
    expect(fs.readFileSync(out, 'utf-8')).toBe('{"schemaVersion":1,"kind":"cache","date":"2026-10-01","entries":[]}');
  });
});
