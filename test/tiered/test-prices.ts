import { PriceBook, PriceEntry } from '../../lib';
import { PriceBookKind, PriceService, PriceUsage } from '../../lib/pricing/price-entry';

/**
 * Test-only entries for the prices the embedded snapshot does not have yet (API Gateway REST
 * requests, SQS standard requests, CloudWatch dashboards), at AWS's published us-east-1 list
 * prices: $3.50 per million REST API requests (first 333 million), $0.40 per million SQS standard
 * requests, $3.00 per dashboard-month. The integrator adds sourced entries to the snapshot.
 */
export const TEST_ENTRIES: PriceEntry[] = [
  { service: PriceService.API_GATEWAY, usage: PriceUsage.REST_API_REQUESTS, region: 'us-east-1', sku: 'rest-api', unit: 'request', priceUsd: 0.0000035, source: 'test entry (AWS API Gateway pricing page, REST APIs, first 333 million)', date: '2026-12' },
  { service: PriceService.SQS, usage: PriceUsage.REQUESTS, region: 'us-east-1', sku: 'standard', unit: 'request', priceUsd: 0.0000004, source: 'test entry (AWS SQS pricing page, standard queues)', date: '2026-12' },
  { service: PriceService.CLOUDWATCH, usage: PriceUsage.DASHBOARD_MONTH, region: 'us-east-1', sku: 'dashboard', unit: 'dashboard-month', priceUsd: 3, source: 'test entry (AWS CloudWatch pricing page, dashboards)', date: '2026-12' },
];

/** The embedded snapshot with the test entries added. */
export function bookWithTestEntries(): PriceBook {
  const snapshot = PriceBook.snapshot();
  return new PriceBook({ schemaVersion: 1, kind: PriceBookKind.SNAPSHOT, date: snapshot.origin.date, entries: [...snapshot.entries, ...TEST_ENTRIES] });
}
