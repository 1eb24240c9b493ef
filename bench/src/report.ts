import type { BenchResult } from './bench.ts';
import type { Measurement } from './load.ts';

const num = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function cells(m: Measurement): string[] {
  return [
    num(m.requestsPerSecond),
    num(m.latencyMs.p50, 1),
    num(m.latencyMs.p99, 1),
    num(m.latencyMs.max, 0),
    String(m.errors),
    num(m.sqlPerRequest, 1),
    num(m.cpuMsPerRequest, 2),
    num(m.rssBytes / 1024 ** 2),
    num(m.eventLoopDelayMs.p99, 1),
  ];
}

/** The results as a person reads them: one table per run, the growth check, the goals. */
export function formatReport(result: BenchResult): string {
  const out: string[] = [];
  for (const run of result.runs) {
    const own = run.scenarios
      .filter((s) => s.connections !== result.options.connections)
      .map((s) => ` (${s.name}: ${s.connections})`)
      .join('');
    out.push(
      `\n${run.dialect === 'mysql' ? 'MySQL' : 'SQLite'}, ${run.tickets.toLocaleString('en')} tickets, ${result.options.connections} connections${own}, ${result.options.duration} s per scenario${result.options.searchHistory ? ', search documents written one message at a time' : ''}`,
    );
    const rows: string[][] = [];
    for (const s of run.scenarios) {
      const ratio = (value: number | null) => (value === null ? '' : num(value, 2));
      rows.push([s.name, ...cells(s.helpdesk), ratio(s.ratioToFloor), ratio(s.cpuRatioToFloor)]);
      if (s.floor) rows.push(['  floor', ...cells(s.floor), '', '']);
      const beside = s.helpdesk.background;
      if (beside)
        rows.push([
          `  beside (${beside.connections} connections)`,
          num(beside.requestsPerSecond),
          num(beside.latencyMs.p50, 1),
          num(beside.latencyMs.p99, 1),
          num(beside.latencyMs.max, 0),
          ...Array<string>(7).fill(''),
        ]);
    }
    out.push(
      table(
        [
          'scenario',
          'req/s',
          'p50 ms',
          'p99 ms',
          'max ms',
          'errors',
          'SQL/req',
          'CPU ms/req',
          'RSS MB',
          'loop p99 ms',
          'vs floor',
          'CPU vs floor',
        ],
        rows,
      ),
    );
    const failed = Object.entries(run.floorCheck).filter(([, same]) => !same);
    if (failed.length)
      out.push(`The floor answered differently for: ${failed.map(([name]) => name).join(', ')}`);
  }
  if (result.growth?.length) {
    out.push('\nGrowth');
    out.push(
      table(
        ['scenario', 'tickets', 'p50 ms', 'p99 ms', 'req/s', 'p50 ratio', 'p99 ratio'],
        result.growth.flatMap((row) => [
          [
            row.scenario,
            row.base.tickets.toLocaleString('en'),
            num(row.base.p50Ms, 1),
            num(row.base.p99Ms, 1),
            num(row.base.requestsPerSecond),
            '',
            '',
          ],
          [
            '',
            row.large.tickets.toLocaleString('en'),
            num(row.large.p50Ms, 1),
            num(row.large.p99Ms, 1),
            num(row.large.requestsPerSecond),
            `${num(row.p50Ratio, 2)}x`,
            `${num(row.p99Ratio, 2)}x`,
          ],
        ]),
      ),
    );
  }
  out.push('\nGoals');
  for (const goal of result.goals)
    out.push(`  ${goal.met ? 'met    ' : 'MISSED '} ${goal.goal} (${goal.detail})`);
  out.push(`\nResults: ${result.file}`);
  return out.join('\n');
}
