import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// The style guide says "README examples compile". Every ```ts / ```typescript block of the root
// README.md, RULES.md and lib/**/README.md is type-checked as a module of its own, with the repo's
// tsconfig.json options, against the library's source (`cdk-cost-aware-inference` resolves to
// lib/index.ts, `cdk-cost-aware-inference/<path>` to <repo>/<path>). One Program checks all the
// snippets at once: aws-cdk-lib's types are loaded a single time.
//
// A block that deliberately shows a fragment opts out with this comment on the line right before
// its fence (never the first example of a file; prefer `declare const x: T;` lines in the snippet):
//
//   <!-- snippet: fragment -->
const PACKAGE_NAME = 'cdk-cost-aware-inference';
const FRAGMENT_MARKER = '<!-- snippet: fragment -->';
const repoRoot = path.resolve(__dirname, '..');

interface Snippet {
  /** Markdown file, relative to the repo root, with '/' separators. */
  readonly markdown: string;
  /** 1-based index among the file's ts/typescript blocks. */
  readonly block: number;
  /** 1-based line of the opening fence in the Markdown file. */
  readonly fenceLine: number;
  readonly code: string;
  readonly fragment: boolean;
  /** Absolute in-memory path of the snippet (beside its Markdown file; never written to disk). */
  readonly virtualPath: string;
}

function markdownFiles(): string[] {
  const files = ['README.md', 'RULES.md'].map(f => path.join(repoRoot, f)).filter(f => fs.existsSync(f));
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.isFile() && entry.name === 'README.md') files.push(full);
    }
  };
  walk(path.join(repoRoot, 'lib'));
  return files;
}

/** The ```ts / ```typescript blocks of a Markdown file (CommonMark fences: ``` or ~~~, 3 or more). */
function extractSnippets(file: string): Snippet[] {
  const markdown = path.relative(repoRoot, file).split(path.sep).join('/');
  const lines = fs.readFileSync(file, 'utf-8').split(/\r?\n/);
  const snippets: Snippet[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]);
    if (!open) {
      i++;
      continue;
    }
    const fence = open[1];
    const lang = open[2].toLowerCase();
    const start = i;
    const body: string[] = [];
    i++;
    while (i < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[i])) body.push(lines[i++]);
    i++; // the closing fence (or the end of the file)
    if (lang !== 'ts' && lang !== 'typescript') continue;
    const block = snippets.length + 1;
    snippets.push({
      markdown,
      block,
      fenceLine: start + 1,
      code: body.join('\n') + '\n',
      fragment: start > 0 && lines[start - 1].trim() === FRAGMENT_MARKER,
      virtualPath: path.join(path.dirname(file), `${path.basename(file)}.snippet-${block}.ts`),
    });
  }
  return snippets;
}

const snippets = markdownFiles().flatMap(extractSnippets);
const checked = snippets.filter(s => !s.fragment);

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(repoRoot, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, configPath);
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  return {
    ...parsed.options,
    noEmit: true,
    moduleDetection: ts.ModuleDetectionKind.Force, // each snippet is a module, imports or not
    paths: {
      ...parsed.options.paths,
      [PACKAGE_NAME]: [path.join(repoRoot, 'lib', 'index.ts')],
      [`${PACKAGE_NAME}/*`]: [path.join(repoRoot, '*')],
    },
  };
}

/** One Program over every snippet, served from memory by a CompilerHost over the real file system. */
function createProgram(): ts.Program {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const inMemory = new Map(checked.map(s => [path.normalize(s.virtualPath), s.code]));
  const lookup = (fileName: string) => inMemory.get(path.normalize(fileName));
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const code = lookup(fileName);
    return code !== undefined
      ? ts.createSourceFile(fileName, code, languageVersion, true)
      : getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
  };
  host.fileExists = fileName => lookup(fileName) !== undefined || fileExists.call(host, fileName);
  host.readFile = fileName => lookup(fileName) ?? readFile.call(host, fileName);
  return ts.createProgram({ rootNames: [...inMemory.keys()], options, host });
}

let program: ts.Program | undefined;
const getProgram = () => (program ??= createProgram());

/** `lib/x/README.md:25:1 - error TS2304: Cannot find name 'y'.`, with the line in the Markdown file. */
function formatDiagnostic(diagnostic: ts.Diagnostic, snippet?: Snippet): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const kind = ts.DiagnosticCategory[diagnostic.category].toLowerCase();
  let where = '';
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    where = snippet && path.normalize(diagnostic.file.fileName) === path.normalize(snippet.virtualPath)
      ? `${snippet.markdown}:${snippet.fenceLine + 1 + line}:${character + 1} - `
      : `${path.relative(repoRoot, diagnostic.file.fileName)}:${line + 1}:${character + 1} - `;
  }
  return `${where}${kind} TS${diagnostic.code}: ${message}`;
}

describe('README snippets', () => {
  test('there is at least one TypeScript snippet to check', () => {
    expect(checked.length).toBeGreaterThan(0);
  });

  test('no file opts its first example out as a fragment', () => {
    expect(snippets.filter(s => s.fragment && s.block === 1).map(s => `${s.markdown} block 1 (line ${s.fenceLine})`)).toEqual([]);
  });

  test('the compiler options are valid', () => {
    const diagnostics = [...getProgram().getOptionsDiagnostics(), ...getProgram().getGlobalDiagnostics()];
    expect(diagnostics.map(d => formatDiagnostic(d))).toEqual([]);
  });

  for (const snippet of snippets) {
    const name = `${snippet.markdown} block ${snippet.block} (line ${snippet.fenceLine})`;
    if (snippet.fragment) {
      test.skip(`${name} is a fragment (${FRAGMENT_MARKER})`, () => undefined);
      continue;
    }
    test(`${name} compiles`, () => {
      const p = getProgram();
      const sourceFile = p.getSourceFile(snippet.virtualPath);
      expect(sourceFile).toBeDefined();
      const diagnostics = [...p.getSyntacticDiagnostics(sourceFile), ...p.getSemanticDiagnostics(sourceFile)];
      expect(diagnostics.map(d => formatDiagnostic(d, snippet))).toEqual([]);
    });
  }
});
