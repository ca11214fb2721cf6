import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatusCause } from '../errors.ts';
import { defaultFieldManager, validateFieldManager } from './index.ts';
import { loadFixture } from './scenario.testutil.ts';

interface Fixture {
  userAgents: Array<{ userAgent: string; fieldManager?: string; manager: string }>;
  validate: Array<{ name: string; apply: boolean; kind?: 'PatchOptions' | 'UpdateOptions'; fieldManager?: string; error?: string; causes?: StatusCause[] }>;
}

const f = loadFixture<Fixture>('fieldmanager.yaml');

describe('default field manager from the user agent', () => {
  for (const c of f.userAgents) {
    it(JSON.stringify(c.userAgent), () => assert.equal(defaultFieldManager(c.fieldManager, c.userAgent), c.manager));
  }
});

describe('fieldManager validation', () => {
  for (const c of f.validate) {
    it(c.name, () => {
      const err = validateFieldManager(c.fieldManager, { apply: c.apply, kind: c.kind });
      if (!c.error) return assert.equal(err, undefined);
      assert.ok(err);
      const st = err.toStatus();
      assert.equal(st.code, 422);
      assert.equal(st.message, c.error);
      if (c.causes) assert.deepEqual(st.details?.causes, c.causes);
    });
  }
});
