import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetProductsCommand, GetProductsCommandInput, GetProductsCommandOutput, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { PriceBook } from '../../lib';
import {
  parsePriceListItem, refreshPrices, sagemakerUsageOf, withoutRegionPrefix, writePriceCache,
} from '../../lib/pricing/price-refresher';
import { PriceBookKind, PriceService, PriceUsage } from '../../lib/pricing/price-entry';

/**
 * One element of `GetProducts` `PriceList`, exactly as the API returns it: a JSON string with
 * `product`, `serviceCode`, `terms.OnDemand.<sku>.<offerTermCode>.priceDimensions...pricePerUnit.USD`,
 * `version` and `publicationDate`.
 */
function priceListItem(o: {
  serviceCode: string; sku: string; productFamily?: string; attributes: Record<string, string>;
  usd?: string; unit?: string; effectiveDate?: string; extraDimensions?: Record<string, unknown>;
}): string {
  const offer = `${o.sku}.JRTCKXETXF`;
  const dimensions: Record<string, unknown> = {
    ...(o.usd === undefined ? {} : {
      [`${offer}.6YS6EN2CT7`]: {
        unit: o.unit ?? 'Hrs', endRange: 'Inf', description: `test product ${o.sku}`, appliesTo: [],
        rateCode: `${offer}.6YS6EN2CT7`, beginRange: '0', pricePerUnit: { USD: o.usd },
      },
    }),
    ...o.extraDimensions,
  };
  return JSON.stringify({
    product: { ...(o.productFamily === undefined ? {} : { productFamily: o.productFamily }), attributes: { servicecode: o.serviceCode, ...o.attributes }, sku: o.sku },
    serviceCode: o.serviceCode,
    terms: {
      OnDemand: {
        [offer]: {
          priceDimensions: dimensions, sku: o.sku, effectiveDate: o.effectiveDate ?? '2026-11-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF', termAttributes: {},
        },
      },
    },
    version: '20261101000000',
    publicationDate: '2026-11-01T00:00:00Z',
  });
}

function sagemakerItem(sku: string, usageType: string, component: string, usd?: string): string {
  const instanceName = usageType.split(':')[1];
  return priceListItem({
    serviceCode: 'AmazonSageMaker', sku, productFamily: 'ML Instance', usd,
    attributes: {
      regionCode: 'us-east-1', location: 'US East (N. Virginia)', locationType: 'AWS Region', usagetype: usageType,
      instanceName, component, operation: 'RunInstance', servicename: 'Amazon SageMaker',
    },
  });
}

function page(items: string[], nextToken?: string): GetProductsCommandOutput {
  return { FormatVersion: 'aws_v1', PriceList: items, NextToken: nextToken, $metadata: {} };
}

describe('refreshPrices', () => {
  const client = new PricingClient({ region: 'us-east-1' });
  const mock = mockClient(client);
  beforeEach(() => mock.reset());

  /** Answers GetProducts by service code and NextToken. */
  function answer(pages: Record<string, GetProductsCommandOutput>) {
    mock.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
      const key = `${input.ServiceCode}${input.NextToken ? `#${input.NextToken}` : ''}`;
      const found = pages[key];
      if (!found) throw new Error(`unexpected GetProducts call ${key} ${JSON.stringify(input.Filters)}`);
      return found;
    });
  }

  test('reads SageMaker products across pages and maps usage types to usages', async () => {
    // GIVEN two pages of SageMaker ML Instance products in us-east-1
    answer({
      'AmazonSageMaker': page([
        sagemakerItem('JDZQJFUVUR8SUWHS', 'USE1-Host:ml.g5.xlarge', 'Hosting', '1.4084000000'),
        sagemakerItem('AAAAAAAAAAAAAAA1', 'USE1-AsyncInf:ml.g5.xlarge', 'AsyncInference', '1.4084000000'),
        sagemakerItem('AAAAAAAAAAAAAAA2', 'USE1-Tsform:ml.g5.xlarge', 'Batch Transform', '1.4084000000'),
      ], 'token-2'),
      'AmazonSageMaker#token-2': page([
        sagemakerItem('AAAAAAAAAAAAAAA3', 'USE1-Train:ml.g5.xlarge', 'Training', '1.4080000000'),
        sagemakerItem('AAAAAAAAAAAAAAA4', 'USE1-Notebk:ml.g5.xlarge', 'Notebook', '1.4100000000'),
        // not asked for, and not an instance usage: both skipped
        sagemakerItem('AAAAAAAAAAAAAAA5', 'USE1-Host:ml.c5.xlarge', 'Hosting', '0.2040000000'),
        sagemakerItem('AAAAAAAAAAAAAAA6', 'USE1-ServerlessInf:Mem-3GB', 'ServerlessInference', '0.0000600000'),
      ]),
    });
    const skipped: string[] = [];
    // WHEN refreshing ml.g5.xlarge
    const book = await refreshPrices({
      region: 'us-east-1', client, instanceTypes: ['ml.g5.xlarge'], services: ['sagemaker'], today: '2026-11-22',
      onSkip: m => skipped.push(m),
    });
    // THEN both pages were read and every component became its usage
    expect(mock.commandCalls(GetProductsCommand)).toHaveLength(2);
    expect(mock.commandCalls(GetProductsCommand)[1].args[0].input.NextToken).toBe('token-2');
    expect(book.kind).toBe('cache');
    expect(book.date).toBe('2026-11-22');
    expect(book.entries.map(e => [e.usage, e.sku, e.priceUsd])).toEqual([
      ['async', 'ml.g5.xlarge', 1.4084],
      ['batch-transform', 'ml.g5.xlarge', 1.4084],
      ['hosting', 'ml.g5.xlarge', 1.4084],
      ['notebook', 'ml.g5.xlarge', 1.41],
      ['training', 'ml.g5.xlarge', 1.408],
    ]);
    const hosting = book.entries.find(e => e.usage === PriceUsage.HOSTING)!;
    expect(hosting).toEqual({
      service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.xlarge', unit: 'instance-hour', priceUsd: 1.4084,
      source: 'AWS Price List API GetProducts AmazonSageMaker sku JDZQJFUVUR8SUWHS', date: '2026-11-01',
    });
    expect(skipped).toHaveLength(2);
    expect(skipped.join('\n')).toContain('instance type ml.c5.xlarge was not asked for');
    expect(skipped.join('\n')).toContain("usage type 'USE1-ServerlessInf:Mem-3GB' is not a SageMaker instance usage");
  });

  test('filters by service code, region and productFamily / instance type', async () => {
    answer({ AmazonSageMaker: page([]), AmazonEC2: page([]) });
    await refreshPrices({ region: 'eu-west-1', client, instanceTypes: ['ml.g5.xlarge', 'g5.xlarge'], services: ['sagemaker', 'ec2'] });
    const inputs = mock.commandCalls(GetProductsCommand).map(c => c.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toEqual(expect.objectContaining({ ServiceCode: 'AmazonSageMaker', FormatVersion: 'aws_v1' }));
    expect(inputs[0].Filters).toEqual([
      { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
      { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'ML Instance' },
    ]);
    expect(inputs[1].ServiceCode).toBe('AmazonEC2');
    expect(inputs[1].Filters).toEqual(expect.arrayContaining([
      { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
      { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'g5.xlarge' },
      { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
      { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
    ]));
  });

  test('maps EC2, NAT gateway and ALB products', async () => {
    answer({
      AmazonEC2: page([
        priceListItem({
          serviceCode: 'AmazonEC2', sku: 'EC2SKU0000000001', productFamily: 'Compute Instance', usd: '1.0060000000',
          attributes: { regionCode: 'us-east-1', usagetype: 'BoxUsage:g5.xlarge', instanceType: 'g5.xlarge', operatingSystem: 'Linux', tenancy: 'Shared' },
        }),
        priceListItem({
          serviceCode: 'AmazonEC2', sku: 'NATSKU0000000001', productFamily: 'NAT Gateway', usd: '0.0450000000',
          attributes: { regionCode: 'us-east-1', usagetype: 'NatGateway-Hours', operation: 'NatGateway' },
        }),
        priceListItem({
          serviceCode: 'AmazonEC2', sku: 'NATSKU0000000002', productFamily: 'NAT Gateway', usd: '0.0450000000', unit: 'GB',
          attributes: { regionCode: 'us-east-1', usagetype: 'NatGateway-Bytes', operation: 'NatGateway' },
        }),
      ]),
      AWSELB: page([
        priceListItem({
          serviceCode: 'AWSELB', sku: 'ALBSKU0000000001', productFamily: 'Load Balancer-Application', usd: '0.0225000000',
          attributes: { regionCode: 'us-east-1', usagetype: 'LoadBalancerUsage', operation: 'LoadBalancing:Application' },
        }),
        priceListItem({
          serviceCode: 'AWSELB', sku: 'ALBSKU0000000002', productFamily: 'Load Balancer-Application', usd: '0.0080000000', unit: 'LCU-Hrs',
          attributes: { regionCode: 'us-east-1', usagetype: 'LCUUsage', operation: 'LoadBalancing:Application' },
        }),
      ]),
    });
    // The EC2 answer serves both the instance query and the NAT query; each keeps what it maps.
    const book = await refreshPrices({ region: 'us-east-1', client, instanceTypes: ['g5.xlarge'], services: ['ec2', 'nat-gateway', 'alb'] });
    expect(book.entries.map(e => `${e.service}|${e.usage}|${e.sku}|${e.unit}|${e.priceUsd}`)).toEqual([
      'EC2|on-demand-linux|g5.xlarge|instance-hour|1.006',
      'ELB|alb-hour|application|load-balancer-hour|0.0225',
      'ELB|alb-lcu-hour|application|LCU-hour|0.008',
      'VPC|nat-gateway-data|nat-gateway|GB|0.045',
      'VPC|nat-gateway-hour|nat-gateway|hour|0.045',
    ]);
  });

  test('maps the in-use public IPv4 address charge of AmazonVPC and skips its other products', async () => {
    // GIVEN the VPC products of eu-west-1: the public IPv4 charge beside an interface endpoint hour
    answer({
      AmazonVPC: page([
        priceListItem({
          serviceCode: 'AmazonVPC', sku: 'IPV4SKU000000001', usd: '0.0050000000',
          attributes: { regionCode: 'eu-west-1', usagetype: 'EU-PublicIPv4:InUseAddress', operation: 'AssociateAddressVPC' },
        }),
        priceListItem({
          serviceCode: 'AmazonVPC', sku: 'VPCESKU000000001', productFamily: 'VpcEndpoint', usd: '0.0110000000',
          attributes: { regionCode: 'eu-west-1', usagetype: 'EU-VpcEndpoint-Hours', operation: 'VpcEndpoint' },
        }),
      ]),
    });
    // WHEN
    const skipped: string[] = [];
    const book = await refreshPrices({ region: 'eu-west-1', client, instanceTypes: [], services: ['public-ipv4'], onSkip: m => skipped.push(m) });
    // THEN
    expect(mock.commandCalls(GetProductsCommand)[0].args[0].input.Filters).toEqual([{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' }]);
    expect(book.entries.map(e => `${e.service}|${e.usage}|${e.region}|${e.sku}|${e.unit}|${e.priceUsd}`)).toEqual([
      'VPC|public-ipv4-hour|eu-west-1|public-ipv4|address-hour|0.005',
    ]);
    expect(skipped).toEqual([expect.stringContaining("usage type 'EU-VpcEndpoint-Hours' is not the in-use public IPv4 address charge")]);
  });

  test('skips a product with no USD price and one with only a zero price', async () => {
    answer({
      AmazonSageMaker: page([
        sagemakerItem('NOPRICE000000001', 'USE1-Host:ml.g5.xlarge', 'Hosting', undefined),
        sagemakerItem('ZEROPRICE0000001', 'USE1-Train:ml.g5.xlarge', 'Training', '0.0000000000'),
        priceListItem({
          serviceCode: 'AmazonSageMaker', sku: 'CNYONLY000000001', productFamily: 'ML Instance',
          attributes: { regionCode: 'us-east-1', usagetype: 'USE1-Notebk:ml.g5.xlarge' },
          extraDimensions: { 'CNYONLY000000001.JRTCKXETXF.6YS6EN2CT7': { unit: 'Hrs', beginRange: '0', pricePerUnit: { CNY: '9.0' } } },
        }),
        sagemakerItem('GOOD000000000001', 'USE1-Tsform:ml.g5.xlarge', 'Batch Transform', '1.4084000000'),
      ]),
    });
    const skipped: string[] = [];
    const book = await refreshPrices({ region: 'us-east-1', client, instanceTypes: ['ml.g5.xlarge'], services: ['sagemaker'], onSkip: m => skipped.push(m) });
    expect(book.entries.map(e => e.usage)).toEqual(['batch-transform']);
    expect(skipped).toEqual([
      'AWS Price List API GetProducts AmazonSageMaker sku NOPRICE000000001: no positive USD price in its on-demand term',
      'AWS Price List API GetProducts AmazonSageMaker sku ZEROPRICE0000001: no positive USD price in its on-demand term',
      'AWS Price List API GetProducts AmazonSageMaker sku CNYONLY000000001: no positive USD price in its on-demand term',
    ]);
  });

  test('uses the first paid tier of a tiered price', async () => {
    answer({
      AmazonSageMaker: page([
        priceListItem({
          serviceCode: 'AmazonSageMaker', sku: 'TIERED0000000001', productFamily: 'ML Instance',
          attributes: { regionCode: 'us-east-1', usagetype: 'USE1-Host:ml.m5.xlarge' },
          extraDimensions: {
            'TIERED0000000001.JRTCKXETXF.PAID': { unit: 'Hrs', beginRange: '125', pricePerUnit: { USD: '0.2300000000' } },
            'TIERED0000000001.JRTCKXETXF.FREE': { unit: 'Hrs', beginRange: '0', pricePerUnit: { USD: '0.0000000000' } },
          },
        }),
      ]),
    });
    const book = await refreshPrices({ region: 'us-east-1', client, instanceTypes: ['ml.m5.xlarge'], services: ['sagemaker'] });
    expect(book.entries.map(e => e.priceUsd)).toEqual([0.23]);
  });

  test('fails when the API throttles, naming the service and filters', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $retryable: { throttling: true } });
    mock.on(GetProductsCommand).rejects(throttled);
    await expect(refreshPrices({ region: 'us-east-1', client, instanceTypes: ['ml.g5.xlarge'], services: ['sagemaker'] }))
      .rejects.toThrow('Pricing API GetProducts for AmazonSageMaker (regionCode=us-east-1, productFamily=ML Instance) failed: ThrottlingException: Rate exceeded');
  });

  test('fails when the region is not a region code', async () => {
    await expect(refreshPrices({ region: 'US East (N. Virginia)', client }))
      .rejects.toThrow("region must be an AWS region code such as 'us-east-1', got: 'US East (N. Virginia)'");
    expect(mock.commandCalls(GetProductsCommand)).toHaveLength(0);
  });

  test('by default asks for every instance type the snapshot prices', async () => {
    mock.on(GetProductsCommand).resolves(page([]));
    await refreshPrices({ region: 'us-west-2', client, services: ['ec2'] });
    const asked = mock.commandCalls(GetProductsCommand)
      .map(c => c.args[0].input.Filters!.find(f => f.Field === 'instanceType')!.Value);
    expect(asked).toEqual(PriceBook.snapshot().skus(PriceService.EC2, PriceUsage.ON_DEMAND_LINUX));
  });
});

describe('writePriceCache', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'price-cache-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const entry = (region: string, priceUsd: number) => ({
    service: PriceService.SAGEMAKER as const, usage: PriceUsage.HOSTING as const, region, sku: 'ml.g5.xlarge', unit: 'instance-hour', priceUsd,
    source: `AWS Price List API GetProducts AmazonSageMaker sku SKU-${region}`, date: '2026-11-01',
  });

  test('writes a cache file that PriceBook.load reads, creating its folder', () => {
    const cacheFile = path.join(dir, '.cdk-cost', 'prices.json');
    const written = writePriceCache({ schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-11-22', entries: [entry('us-west-2', 1.5)] }, cacheFile);
    expect(written).toEqual({ file: cacheFile, entryCount: 1 });
    const book = PriceBook.load(cacheFile);
    expect(book.origin.source).toBe('cache');
    const found = book.lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-west-2', sku: 'ml.g5.xlarge' });
    expect(found.entry?.priceUsd).toBe(1.5);
  });

  test('keeps the entries of other regions refreshed earlier, unless merge is false', () => {
    const cacheFile = path.join(dir, 'prices.json');
    writePriceCache({ schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-11-20', entries: [entry('us-east-1', 1.4)] }, cacheFile);
    expect(writePriceCache({ schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-11-22', entries: [entry('us-west-2', 1.5)] }, cacheFile).entryCount).toBe(2);
    const merged = JSON.parse(fs.readFileSync(cacheFile, 'utf-8'));
    expect(merged.date).toBe('2026-11-22');
    expect(merged.entries.map((e: { region: string }) => e.region)).toEqual(['us-east-1', 'us-west-2']);
    expect(writePriceCache({ schemaVersion: 1, kind: PriceBookKind.CACHE, date: '2026-11-22', entries: [entry('us-west-2', 1.5)] }, cacheFile, { merge: false }).entryCount).toBe(1);
  });

  test('fails when given a snapshot', () => {
    expect(() => writePriceCache({ schemaVersion: 1, kind: PriceBookKind.SNAPSHOT, date: '2026-11-22', entries: [] }, path.join(dir, 'x.json')))
      .toThrow("writePriceCache expects a book of kind 'cache', got: 'snapshot'");
  });
});

describe('usage type helpers', () => {
  test('strip the region prefix of a usage type', () => {
    expect(withoutRegionPrefix('USE1-Host:ml.g5.xlarge')).toBe('Host:ml.g5.xlarge');
    expect(withoutRegionPrefix('EU-NatGateway-Hours')).toBe('NatGateway-Hours');
    expect(withoutRegionPrefix('USW2-LCUUsage')).toBe('LCUUsage');
    expect(withoutRegionPrefix('BoxUsage:g5.xlarge')).toBe('BoxUsage:g5.xlarge');
    expect(withoutRegionPrefix('NatGateway-Hours')).toBe('NatGateway-Hours');
    expect(withoutRegionPrefix('LoadBalancerUsage')).toBe('LoadBalancerUsage');
  });

  test.each([
    ['USE1-Host:ml.g5.xlarge', 'hosting'], ['USW2-AsyncInf:ml.g5.xlarge', 'async'], ['EU-Tsform:ml.m5.xlarge', 'batch-transform'],
    ['USE1-Train:ml.g5.2xlarge', 'training'], ['EU-Notebk:ml.t3.medium', 'notebook'], ['USE1-Processing:ml.m5.large', 'processing'],
  ])('%s is %s', (usageType, usage) => {
    const parsed = sagemakerUsageOf(usageType);
    expect(typeof parsed !== 'string' && parsed.usage).toBe(usage);
  });

  test('parsePriceListItem accepts JSON strings and objects and reports bad JSON', () => {
    expect(parsePriceListItem('{"serviceCode":"AmazonEC2"}')).toEqual({ serviceCode: 'AmazonEC2' });
    expect(parsePriceListItem({ serviceCode: 'AmazonEC2' })).toEqual({ serviceCode: 'AmazonEC2' });
    expect(parsePriceListItem('{not json')).toMatch(/^PriceList element is not JSON/);
  });
});
