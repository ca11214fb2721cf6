/**
 * The composition controllers: XRDs → CRDs, claims → composites, composites → composed resources. Thin
 * reconcilers around the pure core in `../index.ts`, sharing one index of the definitions in every cluster.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import type { Store } from '../../storage/store.ts';
import { ClaimController } from './claim.ts';
import { CompositeController } from './composite.ts';
import { Definitions } from './definitions.ts';
import { XRDController } from './xrd.ts';

export { ClaimController, FINALIZER_CLAIM, FIELD_MANAGER_CLAIM } from './claim.ts';
export { CompositeController, FIELD_MANAGER_COMPOSED, FIELD_MANAGER_COMPOSITE } from './composite.ts';
export { XRDController, FIELD_MANAGER_XRD, FINALIZER_DEFINED, FINALIZER_OFFERED } from './xrd.ts';
export { Definitions } from './definitions.ts';
export { selectComposition } from './select.ts';

/** The three controllers, started in order (definitions first, so claims and composites have kinds to match). */
export async function startCompositionControllers(store: Store, core: ApiCore): Promise<Array<XRDController | ClaimController | CompositeController>> {
  const defs = new Definitions();
  await defs.load(store);
  const controllers = [new XRDController(store, core, defs), new ClaimController(store, core, defs), new CompositeController(store, core, defs)];
  for (const c of controllers) await c.start();
  return controllers;
}
