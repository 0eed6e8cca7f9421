// Starts real Parley processes for end-to-end tests: parleyd on a temporary
// data directory and the gateway in front of it, both on 127.0.0.1.

import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const buildDir = process.env.PARLEY_BUILD_DIR ?? join(repoRoot, 'build');
export const tokenSecret = 'e2e-secret-0123456789abcdef0123456789abcdef';

// Returns a TCP port that was free a moment ago.
async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// Resolves when `child` prints a line matching `pattern`; rejects when it
// exits first or after `timeoutMs`.
function waitForOutput(child, pattern, timeoutMs, name) {
  return new Promise((resolveMatch, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`${name} did not start within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolveMatch(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before starting; output:\n${output}`));
    });
  });
}

function stopChild(child) {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
    child.kill('SIGTERM');
  });
}

export class Parley {
  constructor() {
    this.dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  }

  async start() {
    await this.startParleyd();
    const httpPort = await freePort();
    this.gateway = spawn('node', [join(repoRoot, 'gateway', 'dist', 'server.js')], {
      env: {
        ...process.env,
        PARLEY_GRPC_TARGET: `127.0.0.1:${this.grpcPort}`,
        PARLEY_TOKEN_SECRET: tokenSecret,
        HOST: '127.0.0.1',
        PORT: String(httpPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.url = `http://127.0.0.1:${httpPort}`;
    await this.waitForGateway();
  }

  async startParleyd() {
    this.parleyd = spawn(join(buildDir, 'parleyd'),
      [`--data_dir=${join(this.dataDir, 'parleyd')}`, '--listen=127.0.0.1:0'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const match = await waitForOutput(this.parleyd, /serving on port (\d+)/, 15_000, 'parleyd');
    this.grpcPort = Number(match[1]);
  }

  // Restarts parleyd on the same data directory and port, so the running
  // gateway reconnects to it.
  async restartParleyd() {
    const port = this.grpcPort;
    assertExit(await stopChild(this.parleyd), 'parleyd');
    this.parleyd = spawn(join(buildDir, 'parleyd'),
      [`--data_dir=${join(this.dataDir, 'parleyd')}`, `--listen=127.0.0.1:${port}`],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForOutput(this.parleyd, /serving on port (\d+)/, 15_000, 'parleyd');
  }

  // Kills parleyd with SIGKILL, as a crash would, then starts it again on
  // the same data directory and port.
  async crashAndRestartParleyd() {
    const port = this.grpcPort;
    const exited = new Promise((resolveExit) => this.parleyd.once('exit', resolveExit));
    this.parleyd.kill('SIGKILL');
    await exited;
    this.parleyd = spawn(join(buildDir, 'parleyd'),
      [`--data_dir=${join(this.dataDir, 'parleyd')}`, `--listen=127.0.0.1:${port}`],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForOutput(this.parleyd, /serving on port (\d+)/, 15_000, 'parleyd');
  }

  async waitForGateway() {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.gateway.exitCode !== null) {
        throw new Error(`gateway exited with ${this.gateway.exitCode}`);
      }
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('gateway did not answer /healthz within 20 s');
  }

  async stop() {
    if (this.gateway) await stopChild(this.gateway);
    if (this.parleyd) await stopChild(this.parleyd);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  // Runs parleyctl with `args` and returns {code, stdout, stderr}.
  async parleyctl(...args) {
    try {
      const { stdout, stderr } = await execFileAsync(join(buildDir, 'parleyctl'), args, {
        env: { ...process.env, PARLEY_TOKEN_SECRET: tokenSecret },
        timeout: 15_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      return { code: error.code, stdout: error.stdout, stderr: error.stderr };
    }
  }

  async tokenFor(customerId) {
    const { code, stdout, stderr } = await this.parleyctl('token', `--customer=${customerId}`);
    if (code !== 0) throw new Error(`parleyctl token failed: ${stderr}`);
    return stdout.trim();
  }

  // Agent action through parleyctl, against this parleyd.
  async agent(...args) {
    return this.parleyctl(...args, `--target=127.0.0.1:${this.grpcPort}`);
  }

  // POSTs a GraphQL document and returns the parsed body and HTTP status.
  async graphql(query, { token, variables, headers = {} } = {}) {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Opaque ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: await response.json() };
  }
}

function assertExit(code, name) {
  if (code !== 0) throw new Error(`${name} exited with ${code} on SIGTERM`);
}
