import { storeConformance } from './conformance.ts';
import { SqliteStore } from './sqlite.ts';

storeConformance('sqlite', async (o) => new SqliteStore({ path: ':memory:', ...o }));
