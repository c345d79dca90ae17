import { CliError } from '../../lib/cli/errors';
import { PRICING_SDK_MISSING } from '../../lib/pricing/price-refresher';

// The package does not depend on @aws-sdk/client-pricing (CHANGELOG 0.3.0): in an app that has
// not installed it, `prices refresh --source api` says what to do instead of a stack trace.
// The module is made unresolvable the way Node reports a missing package.
jest.mock('@aws-sdk/client-pricing', () => {
  throw Object.assign(new Error("Cannot find module '@aws-sdk/client-pricing'"), { code: 'MODULE_NOT_FOUND' });
});

describe('prices refresh --source api without the AWS SDK Pricing client', () => {
  test('fails with exit 2 and names the package to install, and the bulk source that needs none', async () => {
    // GIVEN an app without @aws-sdk/client-pricing
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runPricesRefresh } = require('../../lib/cli/prices-refresh') as typeof import('../../lib/cli/prices-refresh');
    // WHEN the API refresh runs
    const run = runPricesRefresh({ regions: ['us-east-1'], out: '/nonexistent/prices.json', timeoutSeconds: 5, source: 'api' },
      { stdout: () => undefined, stderr: () => undefined });
    // THEN it fails with the message, as a CliError (exit 2)
    await expect(run).rejects.toThrow(new CliError(PRICING_SDK_MISSING));
    expect(PRICING_SDK_MISSING).toContain('npm install --save-dev @aws-sdk/client-pricing');
    expect(PRICING_SDK_MISSING).toContain('--source bulk');
  });
});
