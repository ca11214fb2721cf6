import { describe, it } from 'node:test';
import { loadFixture, runScenario, type Scenario } from './scenario.testutil.ts';

describe('server-side apply', () => {
  for (const s of loadFixture<Scenario[]>('apply.yaml')) it(s.name, () => runScenario(s));
});
