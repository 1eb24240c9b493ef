import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const SERVER_MAIN = fileURLToPath(new URL('../../apps/server/src/main.ts', import.meta.url));
export const FLOOR_MAIN = fileURLToPath(new URL('./floor-server.ts', import.meta.url));

export interface ServerMetrics {
  requests: number;
  sqlStatements: number;
  rssBytes: number;
  /** CPU time the process has used (user + system, every thread), in microseconds. */
  cpuMicros: number;
  heapUsedBytes: number;
  eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
}

export interface ServerProcess {
  name: string;
  url: string;
  /** What it printed (stdout and stderr), for a failure's message. */
  output(): string;
  /** `GET /metrics`; `reset` starts a new event-loop delay histogram. */
  metrics(reset?: boolean): Promise<ServerMetrics>;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  /** Extra Node options, e.g. `--cpu-prof`. */
  nodeOptions?: string[];
}

const LISTENING = /listening on (http:\/\/\S+)/;

/**
 * Starts a server in a process of its own (the load generator must not share its event loop) and
 * waits for its "listening on <url>" line. `METRICS_TOKEN` is made up here for this process.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const token = randomBytes(24).toString('base64url');
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeOptions ?? []), options.script], {
    env: { ...process.env, ...options.env, METRICS_TOKEN: token, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const output = () => chunks.join('').slice(-20_000);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      chunks.push(String(chunk));
      const match = chunks.join('').match(LISTENING);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(String(chunk)));
    void exited.then((code) =>
      reject(new Error(`${options.name} exited with ${code} before listening:\n${output()}`)),
    );
  });
  return {
    name: options.name,
    url,
    output,
    async metrics(reset = false) {
      const response = await fetch(`${url}/metrics${reset ? '?reset=1' : ''}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`${options.name}: GET /metrics answered ${response.status}`);
      return (await response.json()) as ServerMetrics;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
