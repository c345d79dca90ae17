import * as fs from 'fs';
import { calcPrice } from '@pydantic/genai-prices';
import { BEDROCK_CROSS_CHECK_TOLERANCE, SNAPSHOT_FILE, sameBedrockInvocation } from '../../lib/pricing/build/build-snapshot';
import { PriceBookFile } from '../../lib/pricing/price-book';
import { PriceService } from '../../lib/pricing/price-entry';

/*
 * The Bedrock entries come from LiteLLM's price list; @pydantic/genai-prices (a maintained dataset
 * built partly from AWS's Pricing API) is the second opinion. Wherever both price the same
 * invocation, the snapshot must agree with genai-prices within 0.5%.
 */
const snapshot = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf-8')) as PriceBookFile;

const GENAI_KEYS: Record<string, 'input_mtok' | 'output_mtok' | 'cache_read_mtok' | 'cache_write_mtok'> = {
  'on-demand-input-tokens': 'input_mtok',
  'on-demand-output-tokens': 'output_mtok',
  'on-demand-cache-read-tokens': 'cache_read_mtok',
  'on-demand-cache-write-tokens': 'cache_write_mtok',
};

/** The invocation id whose price the entry states: the LiteLLM key its source names, or its SKU. */
function pricedId(source: string, sku: string): string {
  const m = /litellm-bedrock\.json#(.+)\.\w+ \(/.exec(source);
  return m ? m[1] : sku;
}

describe('Bedrock prices against @pydantic/genai-prices', () => {
  const compared: string[] = [];
  const disagreements: string[] = [];
  for (const e of snapshot.entries.filter(x => x.service === PriceService.BEDROCK && GENAI_KEYS[x.usage])) {
    const id = pricedId(e.source, e.sku);
    const result = calcPrice({ input_tokens: 1 }, id, { providerId: 'aws', timestamp: new Date(`${snapshot.date}T00:00:00Z`) });
    if (!result || !sameBedrockInvocation(id, result.model.id)) continue;
    const raw = result.model_price[GENAI_KEYS[e.usage]];
    const theirs = typeof raw === 'number' ? raw : (raw as { base?: number } | undefined)?.base;
    if (theirs === undefined) continue;
    compared.push(`${e.region} ${e.sku} ${e.usage}`);
    if (Math.abs(theirs - e.priceUsd) > BEDROCK_CROSS_CHECK_TOLERANCE * Math.max(theirs, e.priceUsd)) {
      disagreements.push(`${e.region} ${e.sku} ${e.usage}: snapshot $${e.priceUsd}, genai-prices ${result.model.id} $${theirs}`);
    }
  }

  test('compares a broad sample (every model both datasets have)', () => {
    expect(compared.length).toBeGreaterThan(300);
  });

  test('fails when the snapshot disagrees with genai-prices by more than 0.5%', () => {
    expect(disagreements).toEqual([]);
  });

  test('a profile id is not compared with genai-prices\' base-model entry (profiles are priced apart)', () => {
    // genai-prices' `contains` rule for Nova Lite also catches eu.amazon.nova-lite-v1:0, whose price is not the base model's.
    expect(sameBedrockInvocation('eu.amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0')).toBe(false);
    expect(sameBedrockInvocation('amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0')).toBe(true);
    expect(sameBedrockInvocation('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'regional.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe(true);
    expect(sameBedrockInvocation('global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'regional.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe(false);
  });
});
