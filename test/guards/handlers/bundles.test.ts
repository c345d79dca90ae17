import * as fs from 'fs';
import * as esbuild from 'esbuild';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { HANDLERS, bundleOptions } = require('../../../scripts/handler-bundles');

// The package ships each Lambda handler prebuilt (assets/lambda/<name>/index.js), so a user's app
// needs no esbuild, Docker or lock file. A bundle that is not what its source builds to would ship
// old code: rebuild with `npm run build` and commit the result.
describe('shipped Lambda bundles', () => {
  test.each(Object.keys(HANDLERS))('the committed %s bundle is what its source builds to', async name => {
    // GIVEN the committed bundle
    const options = bundleOptions(name);
    const committed = fs.readFileSync(options.outfile, 'utf8');
    // WHEN the source is bundled again with the same options
    const result = await esbuild.build({ ...options, write: false });
    // THEN the two are byte for byte the same
    expect(result.outputFiles).toHaveLength(1);
    expect(committed).toBe(result.outputFiles![0].text);
  });

  test('every handler source (a module exporting `handler`) under lib/*/handlers/ is shipped as a bundle', () => {
    const sources = ['lib/guards/handlers', 'lib/tiered/handlers'].flatMap(dir => fs.readdirSync(dir)
      .filter(f => f.endsWith('.ts') && /export async function handler\b/.test(fs.readFileSync(`${dir}/${f}`, 'utf8')))
      .map(f => `${dir}/${f}`));
    expect(Object.values(HANDLERS).sort()).toEqual(sources.sort());
  });
});
