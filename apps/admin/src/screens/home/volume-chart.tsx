import type { RouterOutputs } from '@helpdesk/client';
import { useId } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { Card } from '../../components/ui/layout.tsx';
import { Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { formatDay } from './report-range.ts';

type Overview = RouterOutputs['reports']['overview'];

/**
 * Blue-700 and amber-700 stay above 3:1 against white (WCAG 1.4.11) and apart for the common
 * colour-vision deficiencies; bars versus a line tell the series apart without colour at all.
 */
const CREATED = '#1d4ed8';
const SOLVED = '#b45309';
const AXIS = '#475569';

/** Created versus solved per day, with the same numbers as a table for anyone who cannot see it. */
export function VolumeChart({ overview }: { overview: Overview }) {
  const descriptionId = useId();
  const days = overview.createdPerDay.map((day, i) => ({
    date: day.date,
    label: formatDay(day.date),
    created: day.count,
    solved: overview.solvedPerDay[i]?.count ?? 0,
  }));
  const created = days.reduce((sum, day) => sum + day.created, 0);
  const solved = days.reduce((sum, day) => sum + day.solved, 0);
  const period = `${formatDay(overview.from, 'long')} to ${formatDay(overview.to, 'long')}`;
  const summary = `${created} created and ${solved} solved, ${period} (UTC days).`;

  return (
    <Card title="Created versus solved per day">
      <figure aria-labelledby={descriptionId} className="m-0">
        <figcaption id={descriptionId} className="mb-3 text-sm text-slate-600">
          {summary}
        </figcaption>
        <div className="h-72 w-full min-w-0">
          <ComposedChart
            responsive
            style={{ width: '100%', height: '100%' }}
            data={days}
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
            title="Tickets created and solved per day"
            desc={summary}
          >
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis
              dataKey="label"
              tick={{ fill: AXIS, fontSize: 12 }}
              tickLine={false}
              axisLine={{ stroke: '#94a3b8' }}
              minTickGap={16}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: AXIS, fontSize: 12 }}
              tickLine={false}
              axisLine={false}
            />
            <Tooltip cursor={{ fill: '#f1f5f9' }} />
            <Legend wrapperStyle={{ fontSize: 14 }} />
            <Bar dataKey="created" name="Created" fill={CREATED} radius={[2, 2, 0, 0]} maxBarSize={24} />
            <Line
              dataKey="solved"
              name="Solved"
              type="linear"
              stroke={SOLVED}
              strokeWidth={2}
              dot={days.length <= 31 ? { r: 2.5, fill: SOLVED } : false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </div>
      </figure>
      <details className="mt-4">
        <summary className="cursor-pointer text-sm font-medium text-blue-800 underline">
          Show the numbers as a table
        </summary>
        <div className="mt-3">
          <Table label="Tickets created and solved per day">
            <thead>
              <tr>
                <Th>Day (UTC)</Th>
                <Th className="text-right">Created</Th>
                <Th className="text-right">Solved</Th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <Tr key={day.date}>
                  <Td>{formatDay(day.date, 'long')}</Td>
                  <Td className="text-right tabular-nums">{day.created}</Td>
                  <Td className="text-right tabular-nums">{day.solved}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </div>
      </details>
    </Card>
  );
}
