/**
 * npm run bench:profiles [-- DIR] [--by function|package] [--top N]
 *
 * Reads the newest V8 CPU profile of each server that `npm run bench -- --profile` wrote
 * (`bench/results/profiles/helpdesk`, `.../floor`) and prints where each spent its busy time, by
 * function or by package, side by side: the same statement costing the same in both says the SQL
 * is not the difference, and what is left is. Idle time is left out of the shares.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR } from './dataset.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

export type Grouping = 'function' | 'package';

export interface ProfileSummary {
  /** Sampled time not idle, in milliseconds. */
  busyMs: number;
  /** Self time per function or package, as a share of the busy time, largest first. */
  shares: { name: string; share: number }[];
}

/** A frame's name: `fn path:line` with paths shortened, or the package (or source folder) it is in. */
function nameOf(frame: CallFrame, by: Grouping): string {
  const url = frame.url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'npm:');
  if (by === 'package') {
    const pkg = url.match(/^npm:((?:@[^/]+\/)?[^/]+)/);
    if (pkg) return pkg[1] as string;
    const source = url.match(/\/((?:apps|packages|bench)\/[^/]+)\//);
    if (source) return source[1] as string;
    return url.startsWith('node:') ? (url.split('/')[0] as string) : frame.functionName || '(native)';
  }
  const short = url.replace(/^.*\/((?:apps|packages|bench)\/)/, '$1');
  return `${frame.functionName || '(anonymous)'} ${short}${short ? `:${frame.lineNumber + 1}` : ''}`.trim();
}

export function summarizeProfile(profile: CpuProfile, by: Grouping = 'function'): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!frame || frame.functionName === '(idle)') return;
    busy += micros;
    const name = nameOf(frame, by);
    self.set(name, (self.get(name) ?? 0) + micros);
  });
  const shares = [...self]
    .map(([name, micros]) => ({ name, share: busy ? micros / busy : 0 }))
    .sort((a, b) => b.share - a.share);
  return { busyMs: busy / 1000, shares };
}

function newestProfile(dir: string): string | null {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  } catch {
    return null;
  }
  // The largest of the newest run's files is the main thread's (the others are worker threads').
  const stats = files.map((file) => ({ file, ...statSync(join(dir, file)) }));
  const newest = Math.max(...stats.map((stat) => stat.mtimeMs));
  const run = stats.filter((stat) => newest - stat.mtimeMs < 5_000).sort((a, b) => b.size - a.size);
  return run[0] ? join(dir, run[0].file) : null;
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { by: { type: 'string', default: 'function' }, top: { type: 'string', default: '25' } },
  });
  const by = values.by === 'package' ? 'package' : 'function';
  const top = Math.max(1, Number(values.top) || 25);
  const dir = positionals[0] ?? join(BENCH_DIR, 'results', 'profiles');
  for (const server of ['helpdesk', 'floor']) {
    const file = newestProfile(join(dir, server));
    if (!file) {
      console.log(`${server}: no profile in ${join(dir, server)} (run npm run bench -- --profile)`);
      continue;
    }
    const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, by);
    console.log(
      `\n${server}: ${file}\n  busy ${Math.round(summary.busyMs).toLocaleString('en')} ms, self time by ${by}`,
    );
    for (const { name, share } of summary.shares.slice(0, top))
      console.log(`  ${(share * 100).toFixed(1).padStart(5)} %  ${name}`);
  }
}

if (import.meta.main) main();
