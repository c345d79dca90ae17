// auto-stop-idle.py against a real Jupyter server, served as a notebook instance serves it: HTTPS
// with a self-signed certificate and no token. Needs Debian's python3-jupyter-server,
// python3-ipykernel and python3-terminado (.ci/run installs them); without them the suite is
// skipped locally and fails in CI (CI=true, or REQUIRE_JUPYTER=1 as .ci/run sets), so a missing install never passes unnoticed.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const PYTHON = process.env.JUPYTER_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.join(__dirname, '../../lib/guards/scripts/auto-stop-idle.py');
const WS_HELPER = path.join(__dirname, 'fixtures/jupyter_ws.py');
const HEARTBEAT_TAG = 'cost-aware:idle-check';

function jupyterMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import jupyter_server, ipykernel, terminado, websocket'], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `${PYTHON} cannot import jupyter_server, ipykernel, terminado and websocket `
      + `(apt-get install -y python3-jupyter-server python3-ipykernel python3-terminado): ${(error as Error).message.split('\n')[0]}`;
  }
}

const missing = jupyterMissing();
if (missing && (process.env.CI === 'true' || process.env.REQUIRE_JUPYTER === '1')) {
  test('the real Jupyter server is installed in CI', () => { throw new Error(missing); });
}
const suite = missing ? describe.skip : describe;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

suite('auto-stop-idle.py against a real Jupyter server over HTTPS', () => {
  let base = '';
  let server: ChildProcess | undefined;
  let dir = '';
  let metadataFile = '';
  const helpers: ChildProcess[] = [];

  /** One API request; the test's own requests are activity like a user's (no no_track_activity). */
  const api = (method: string, urlPath: string, body?: unknown): Promise<any> => new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(`${base}${urlPath}`, {
      method, rejectUnauthorized: false, headers: data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {},
    }, res => {
      let text = '';
      res.on('data', chunk => { text += chunk; });
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 400) reject(new Error(`${method} ${urlPath}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
  /** /api/status is never counted as activity by Jupyter. */
  const serverLastActivity = async (): Promise<string> => (await api('GET', '/api/status')).last_activity;

  const run = (extra: string[] = [], now?: Date): any[] => {
    const out = execFileSync(PYTHON, ['-I', SCRIPT, '--base-url', base, '--metadata-file', metadataFile, '--idle-minutes', '60',
      '--heartbeat-tag', HEARTBEAT_TAG, '--dry-run', ...(now ? ['--now', now.toISOString()] : []), ...extra], { encoding: 'utf-8' });
    return out.trim().split('\n').map(line => JSON.parse(line));
  };
  const outcomes = (lines: any[]): string[] => lines.map(l => l.outcome);
  const inTwoHours = (): Date => new Date(Date.now() + 2 * 3600_000);
  const helper = (args: string[], ready: string): Promise<ChildProcess> => new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [WS_HELPER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    helpers.push(child);
    let err = '';
    child.stderr!.on('data', chunk => { err += chunk; });
    child.stdout!.on('data', chunk => { if (String(chunk).includes(ready)) resolve(child); });
    child.on('exit', code => { if (code !== 0) reject(new Error(`jupyter_ws.py ${args[0]} exited ${code}: ${err}`)); });
  });
  const until = async (what: string, check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 300; i++) {
      if (await check()) return;
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jupyter-'));
    for (const sub of ['root', 'runtime', 'config', 'data']) fs.mkdirSync(path.join(dir, sub));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'pipe' });
    metadataFile = path.join(dir, 'resource-metadata.json');
    fs.writeFileSync(metadataFile, JSON.stringify({
      ResourceName: 'research', ResourceArn: 'arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/research',
    }));
    const port = await freePort();
    base = `https://127.0.0.1:${port}`;
    server = spawn(PYTHON, ['-m', 'jupyter_server', '--allow-root', '--ServerApp.token=', '--ServerApp.password=',
      // the test creates sessions and terminals with plain API calls, without a browser's XSRF cookie
      '--ServerApp.disable_check_xsrf=True',
      '--ServerApp.ip=127.0.0.1', `--ServerApp.port=${port}`, '--ServerApp.port_retries=0', '--ServerApp.open_browser=False',
      `--ServerApp.certfile=${path.join(dir, 'cert.pem')}`, `--ServerApp.keyfile=${path.join(dir, 'key.pem')}`,
      `--ServerApp.root_dir=${path.join(dir, 'root')}`], {
      // HOME, runtime and config dirs are the test's own. JUPYTER_DATA_DIR and JUPYTER_PLATFORM_DIRS are left alone: with
      // either set, jupyter_server 1.23 never saw the kernel's status messages (execution_state stayed 'starting').
      env: { ...process.env, HOME: dir, JUPYTER_RUNTIME_DIR: path.join(dir, 'runtime'), JUPYTER_CONFIG_DIR: path.join(dir, 'config') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    server.stderr!.on('data', chunk => { log += chunk; });
    await until(`the Jupyter server on ${base} (log: ${log.slice(-500)})`, async () => {
      try { await serverLastActivity(); return true; } catch { return false; }
    });
  });

  afterEach(async () => {
    for (const child of helpers.splice(0)) child.kill();
    for (const session of await api('GET', '/api/sessions')) await api('DELETE', `/api/sessions/${session.id}`);
    for (const kernel of await api('GET', '/api/kernels')) await api('DELETE', `/api/kernels/${kernel.id}`);
    for (const terminal of await api('GET', '/api/terminals')) await api('DELETE', `/api/terminals/${terminal.name}`);
  });

  afterAll(() => {
    for (const child of helpers) child.kill();
    server?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an idle server would stop, and two runs in a row (as cron runs it) record no activity', async () => {
    // GIVEN a server nobody uses
    const before = await serverLastActivity();
    // WHEN the script runs now (it has just started: not idle), then twice at a time two hours later
    const first = run();
    const later = inTwoHours();
    const second = run([], later);
    const third = run([], later);
    // THEN the runs did not count as activity: the server's clock has not moved
    expect(await serverLastActivity()).toBe(before);
    expect(first[0]).toMatchObject({ outcome: 'skipped', kernels: 0, terminals: 0 });
    expect(first[1]).toMatchObject({ outcome: 'would-tag', tag: HEARTBEAT_TAG, value: expect.stringMatching(/^active /) });
    expect(outcomes(second)).toEqual(['idle', 'would-tag', 'would-stop']);
    expect(second[1].value).toMatch(/^idle /);
    expect(second[2]).toMatchObject({ resource: 'research' });
    // the idle clock is the server's start, not the previous run
    expect(third[0].idleMinutes).toBe(second[0].idleMinutes);
    expect(second[0].idleMinutes).toBeGreaterThanOrEqual(119);
    expect(outcomes(third)).toEqual(['idle', 'would-tag', 'would-stop']);
  });

  test('a fresh session keeps the instance up; the same session two hours later does not', async () => {
    // GIVEN a notebook just opened (a session with a kernel)
    await api('POST', '/api/sessions', { path: 'analysis.ipynb', type: 'notebook', name: 'analysis.ipynb', kernel: { name: 'python3' } });
    // WHEN / THEN
    const now = run();
    expect(now[0]).toMatchObject({ outcome: 'skipped', reason: 'active within the last 60 minutes', kernels: 1, busyKernels: 0 });
    expect(outcomes(run([], inTwoHours()))).toEqual(['idle', 'would-tag', 'would-stop']);
  });

  test('a busy kernel keeps the instance up however long since the last activity', async () => {
    // GIVEN a kernel running `import time; time.sleep(90)`
    const kernel = await api('POST', '/api/kernels', { name: 'python3' });
    // The server learns a kernel's state from the kernel's status messages on its own iopub
    // subscription; on a loaded machine it can miss the first ones (state stays 'starting').
    // Quick executions until it has seen one prove it is listening before the long one starts.
    const stateOf = async (): Promise<string> => (await api('GET', '/api/kernels?no_track_activity=1')).find((k: any) => k.id === kernel.id)?.execution_state;
    await until('the server to follow the kernel\'s state', async () => {
      await helper(['ping', base, kernel.id], 'idle');
      return (await stateOf()) === 'idle';
    });
    await helper(['busy', base, kernel.id], 'busy');
    await until('the server to see the kernel busy', async () =>
      (await api('GET', '/api/kernels?no_track_activity=1')).some((k: any) => k.execution_state === 'busy'));
    // WHEN it is judged two hours later, THEN it stays
    const lines = run([], inTwoHours());
    expect(lines[0]).toMatchObject({ outcome: 'skipped', reason: 'a kernel is busy', idleMinutes: 0, busyKernels: 1 });
    expect(outcomes(lines)).not.toContain('would-stop');
  });

  test('an open terminal keeps the instance up, unless --ignore-terminals', async () => {
    // GIVEN a terminal (a training run started there)
    await api('POST', '/api/terminals');
    // WHEN / THEN
    const lines = run([], inTwoHours());
    expect(lines[0]).toMatchObject({ outcome: 'skipped', reason: '1 terminal(s) open', terminals: 1 });
    expect(outcomes(run(['--ignore-terminals'], inTwoHours()))).toEqual(['idle', 'would-tag', 'would-stop']);
  });

  test('a browser tab connected to a kernel keeps the instance up, unless --ignore-connections', async () => {
    // GIVEN a notebook whose tab stays connected to its kernel
    const session = await api('POST', '/api/sessions', { path: 'tab.ipynb', type: 'notebook', name: 'tab.ipynb', kernel: { name: 'python3' } });
    await helper(['connect', base, session.kernel.id, '60'], 'connected');
    await until('the server to count the connection', async () =>
      (await api('GET', '/api/kernels?no_track_activity=1')).some((k: any) => k.connections > 0));
    // WHEN / THEN
    expect(run([], inTwoHours())[0]).toMatchObject({ outcome: 'skipped', reason: 'a browser tab is connected to a kernel', connections: 1 });
    expect(outcomes(run(['--ignore-connections'], inTwoHours()))).toEqual(['idle', 'would-tag', 'would-stop']);
  });

  test('a server that does not answer is judged next time, never stopped', () => {
    const lines = execFileSync(PYTHON, ['-I', SCRIPT, '--base-url', 'https://127.0.0.1:1', '--metadata-file', metadataFile,
      '--idle-minutes', '60', '--dry-run'], { encoding: 'utf-8' }).trim().split('\n').map(l => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ outcome: 'skipped', reason: expect.stringMatching(/^Jupyter not reachable/) })]);
  });
});
