import { describe, it } from 'node:test';
import { loadFixture, runScenario, type Scenario } from './scenario.testutil.ts';

describe('managedFields tracking for updates', () => {
  for (const s of loadFixture<Scenario[]>('update.yaml')) it(s.name, () => runScenario(s));
});
