import type { Request } from 'autocannon';
import { describe, expect, it } from 'vitest';
import { connectionsOf, SCENARIOS, type ScenarioData, SEARCH_QUERIES } from '../src/scenarios.ts';

const data: ScenarioData = {
  agentTokens: ['agent'],
  customerTokens: ['customer'],
  conversationIds: ['T1'],
  workTicketIds: ['T2'],
  requestedStatus: new Map(),
  accounts: ['a@example.test'],
  password: 'secret',
};

/** The bodies of the next `count` requests a scenario's templates make, as JSON. */
function bodies(name: string, count: number, from: ScenarioData = data): unknown[] {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  const [template] = scenario.requests(from) as [Request];
  const setup = template.setupRequest;
  if (typeof setup !== 'function') throw new Error(`${name} builds no request`);
  return Array.from({ length: count }, () => {
    const request = setup({ ...template }, {});
    return (JSON.parse(String(request.body)) as Record<string, unknown>)['0'];
  });
}

const wordsOf = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

describe('the benchmark scenarios', () => {
  it("create opens tickets none of the searches finds, so later scenarios search the seeded desk's answers", () => {
    for (const body of bodies('create', 64) as { subject: string; body: string }[]) {
      const words = wordsOf(`${body.subject} ${body.body}`);
      for (const query of SEARCH_QUERIES)
        expect([...wordsOf(query)].every((word) => words.has(word))).toBe(false);
    }
  });

  it('status moves each ticket the other way every time, never to the status it has', () => {
    const statuses = (bodies('status', 6) as { ids: string[]; status: string }[]).map((body) => body.status);
    expect(statuses).toEqual(['pending', 'open', 'pending', 'open', 'pending', 'open']);
  });

  it("status goes on from the previous run's last request for the ticket (the warm-up's, Helpdesk's before the floor's)", () => {
    const shared = { ...data, requestedStatus: new Map() };
    const run = () => (bodies('status', 3, shared) as { status: string }[]).map((body) => body.status);
    expect(run()).toEqual(['pending', 'open', 'pending']);
    expect(run()).toEqual(['open', 'pending', 'open']);
  });

  it('besideSearches gives a quarter of the connections to its searches, and always keeps one of each', () => {
    const scenario = (name: string) =>
      SCENARIOS.find((candidate) => candidate.name === name) as (typeof SCENARIOS)[number];
    expect(connectionsOf(scenario('besideSearches'), 32)).toEqual({ measured: 24, background: 8 });
    expect(connectionsOf(scenario('besideSearches'), 2)).toEqual({ measured: 1, background: 1 });
    expect(connectionsOf(scenario('list'), 32)).toEqual({ measured: 32, background: 0 });
    expect(connectionsOf(scenario('searchAlone'), 32)).toEqual({ measured: 1, background: 0 });
    const searches = scenario('besideSearches').background?.requests(data) ?? [];
    expect(searches).toHaveLength(1);
  });
});
