// CostAwareChecks runs with the app's cdk-nag (a peer dependency). Under cdk-nag 2, whose packs
// are Aspects, it must refuse to be constructed with a message naming the fix.

/** The surface of cdk-nag 2.x that this package touches: an Aspect-style NagPack, no `validate`. */
function cdkNag2(version: string): Record<string, unknown> {
  class NagPack {
    protected packName = '';
    constructor(_props?: unknown) {}
    public visit(_node: unknown): void {}
  }
  Object.defineProperty(NagPack, Symbol.for('jsii.rtti'), { value: { fqn: 'cdk-nag.NagPack', version } });
  return { NagPack, NagMessageLevel: { WARN: 'Warning', ERROR: 'Error', INFO: 'Info' }, NagRuleCompliance: {}, NagRules: {} };
}

describe('CostAwareChecks and the cdk-nag version', () => {
  afterEach(() => {
    jest.resetModules();
    jest.dontMock('cdk-nag');
  });

  test.each([['2.37.55'], ['2.0.0']])('fails at construction under cdk-nag %s, naming the version and what to install', version => {
    // GIVEN the app's cdk-nag is 2.x
    jest.doMock('cdk-nag', () => cdkNag2(version));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CostAwareChecks } = require('../../lib/checks/cost-aware-checks');
    // WHEN / THEN both ways of registering it in cdk-nag 2 (Aspects.of(app).add(new CostAwareChecks())) construct it first
    expect(() => new CostAwareChecks()).toThrow(`CostAwareChecks needs cdk-nag 3.x, found cdk-nag ${version}`);
    expect(() => new CostAwareChecks()).toThrow('npm install cdk-nag@^3');
    expect(() => new CostAwareChecks()).toThrow('Validations.of(app).addPlugins(');
  });

  test('constructs under the cdk-nag 3 the repo installs', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CostAwareChecks } = require('../../lib/checks/cost-aware-checks');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('cdk-nag/package.json').version).toMatch(/^3\./);
    expect(() => new CostAwareChecks()).not.toThrow();
  });
});
